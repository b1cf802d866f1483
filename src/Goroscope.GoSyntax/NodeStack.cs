namespace Goroscope.GoSyntax;

/// <summary>
/// One growable buffer per element type, shared by all lists a parser builds: nested lists are
/// pushed on top and popped before the enclosing list continues, and each finished list is
/// copied out once into an exactly sized array.
/// </summary>
internal sealed class NodeStack<T>
{
    private T[] items = new T[16];
    private int count;

    public int Mark => count;

    public void Push(T item)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }
        items[count++] = item;
    }

    public int CountFrom(int mark) => count - mark;

    public T At(int index) => items[index];

    public T[] PopFrom(int mark)
    {
        var n = count - mark;
        if (n == 0)
        {
            return [];
        }
        var result = new T[n];
        Array.Copy(items, mark, result, 0, n);
        Array.Clear(items, mark, n);
        count = mark;
        return result;
    }
}
