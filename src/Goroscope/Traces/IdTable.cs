namespace Goroscope.Traces;

/// <summary>
/// A map from goroutine ids to values. Go hands out goroutine ids densely from 1, so the usual ids index an array
/// and a lookup on the hot path of a busy trace costs no hashing; rare large ids go to a dictionary.
/// </summary>
internal sealed class IdTable<T> where T : class
{
    private const long DenseLimit = 1 << 22;
    private T?[] _dense = new T?[1024];
    private readonly Dictionary<long, T> _sparse = [];

    public int Count { get; private set; }

    public bool TryGetValue(long id, out T value)
    {
        if ((ulong)id < (ulong)_dense.Length)
        {
            value = _dense[id]!;
            return value is not null;
        }
        if (id >= 0 && id < DenseLimit)
        {
            value = null!;
            return false;
        }
        return _sparse.TryGetValue(id, out value!);
    }

    public bool ContainsKey(long id) => TryGetValue(id, out _);

    public T this[long id]
    {
        set
        {
            if (id >= 0 && id < DenseLimit)
            {
                if (id >= _dense.Length)
                    Array.Resize(ref _dense, (int)Math.Min(DenseLimit, Math.Max(id + 1, _dense.Length * 2L)));
                if (_dense[id] is null)
                    Count++;
                _dense[id] = value;
                return;
            }
            if (_sparse.TryAdd(id, value))
                Count++;
            else
                _sparse[id] = value;
        }
    }

    public bool Remove(long id)
    {
        if (id >= 0 && id < DenseLimit)
        {
            if (id >= _dense.Length || _dense[id] is null)
                return false;
            _dense[id] = null;
            Count--;
            return true;
        }
        if (!_sparse.Remove(id))
            return false;
        Count--;
        return true;
    }

    /// <summary>Every value, in id order for the dense ids.</summary>
    public IEnumerable<T> Values
    {
        get
        {
            foreach (var value in _dense)
                if (value is not null)
                    yield return value;
            foreach (var value in _sparse.Values)
                yield return value;
        }
    }
}
