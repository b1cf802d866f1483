using Goroscope.Stacks;

namespace Goroscope.Tests.Stacks;

public class ArgumentWordsTests
{
    [Theory]
    [InlineData("0xc000012345, 0x1", new[] { 0xc000012345UL, 0x1UL })]
    [InlineData("{0x5f2f00, 0xc0000a0000}, 0x0?", new[] { 0x5f2f00UL, 0xc0000a0000UL })]
    [InlineData("0x0?, 0x22a236cc0f0, ...", new[] { 0x22a236cc0f0UL })]
    [InlineData("", new ulong[0])]
    public void Certain_words_skip_those_printed_with_a_question_mark(string arguments, ulong[] words) =>
        Assert.Equal(words, ArgumentWords.Certain(arguments));

    [Theory]
    [InlineData("0xc000012345, 0x1", 0xc000012345UL)]
    [InlineData("{0xc000012345, 0x8}", 0xc000012345UL)]
    [InlineData("0xc000012345?, 0xc000099999", null)]
    [InlineData("0x3, 0xc000099999", null)]
    [InlineData("...", null)]
    public void First_pointer_is_the_first_word_only_when_certain_and_large(string arguments, ulong? pointer) =>
        Assert.Equal(pointer, ArgumentWords.FirstPointer(arguments));
}
