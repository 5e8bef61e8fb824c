using BdrcConsole.Core.Domain.Resources;
using BdrcConsole.Tests.TestSupport;

namespace BdrcConsole.Tests.Core.Resources;

public class TagTextTests
{
    public static TheoryData<string, string> AwkwardTags => new()
    {
        { "env", "prod" },
        { "a=b", "c=d=e" },
        { "path\\to", "C:\\dir\\" },
        { "multi\nline", "first\nsecond\n" },
        { "\\e", "\\n" },
        { "=", "=" },
        { "trailing\\", "\\" },
        { "empty-value", "" },
        { "unicode-键", "值 ✓" },
    };

    [Theory]
    [MemberData(nameof(AwkwardTags))]
    public void EncodeDecode_KeysAndValuesWithSeparators_RoundTripExactly(string key, string value)
    {
        var text = TagText.Encode([new ResourceTag(key, value), new ResourceTag("zz", "last")]);

        var decoded = TagText.Decode(text);

        Assert.Equal([new ResourceTag(key, value), new ResourceTag("zz", "last")], decoded);
    }

    [Theory]
    [MemberData(nameof(AwkwardTags))]
    public void Patterns_AwkwardTag_MatchItsOwnEncodingOnly(string key, string value)
    {
        var text = TagText.Encode([new ResourceTag(key, value)]);

        Assert.Contains(TagText.EqualPattern(key, value), text);
        Assert.Contains(TagText.KeyPattern(key), text);
        Assert.DoesNotContain(TagText.EqualPattern(key, value + "x"), text);
        Assert.DoesNotContain(TagText.KeyPattern(key + "x"), text);
    }

    [Fact]
    public void Encode_TagsInAnyOrder_GivesOneCanonicalTextSortedByKey()
    {
        var one = TagText.Encode([new("owner", "security"), new("app", "web"), new("env", "prod")]);
        var other = TagText.Encode([new("env", "prod"), new("owner", "security"), new("app", "web")]);

        Assert.Equal("\napp=web\nenv=prod\nowner=security\n", one);
        Assert.Equal(one, other);
        Assert.Equal(TagText.Empty, TagText.Encode([]));
        Assert.Empty(TagText.Decode(TagText.Empty));
    }

    [Fact]
    public void KeyPattern_KeyThatIsPrefixOrSuffixOfAnotherKey_DoesNotMatch()
    {
        var text = TagText.Encode([new("environment", "prod"), new("my-env", "prod"), new("envx", "dev")]);

        Assert.DoesNotContain(TagText.KeyPattern("env"), text);
        Assert.DoesNotContain(TagText.EqualPattern("env", "prod"), text);
        Assert.Contains(TagText.KeyPattern("environment"), text);
    }

    [Fact]
    public void EqualPattern_ValueThatIsPrefixOfTheStoredValue_DoesNotMatch()
    {
        var text = TagText.Encode([new("env", "production")]);

        Assert.DoesNotContain(TagText.EqualPattern("env", "prod"), text);
        Assert.DoesNotContain(TagText.EqualPattern("env", "production2"), text);
        Assert.Contains(TagText.EqualPattern("env", "production"), text);
        Assert.Contains(TagText.KeyPattern("env"), text);
    }

    [Fact]
    public void Patterns_ValueThatLooksLikeAnotherTag_CannotForgeThatTag()
    {
        // A value holding "\nimportant=true" must not make the resource look tagged important=true.
        var text = TagText.Encode([new("note", "x\nimportant=true\n")]);

        Assert.DoesNotContain(TagText.KeyPattern("important"), text);
        Assert.DoesNotContain(TagText.EqualPattern("important", "true"), text);
        Assert.Equal([new ResourceTag("note", "x\nimportant=true\n")], TagText.Decode(text));
    }

    [Fact]
    public void Patterns_KeyWithEqualsSign_DoNotMatchTheKeyBeforeTheEqualsSign()
    {
        var text = TagText.Encode([new("a=b", "c")]);

        Assert.DoesNotContain(TagText.KeyPattern("a"), text);
        Assert.DoesNotContain(TagText.EqualPattern("a", "b=c"), text);
        Assert.Contains(TagText.EqualPattern("a=b", "c"), text);
    }

    [Fact]
    public void SetTag_ExistingKey_ReplacesItsValueAndKeepsOtherTags()
    {
        var bucket = ResourceTestData.Bucket("1", "b", tags: [("env", "dev"), ("app", "web")]);

        bucket.SetTag("env", "prod");

        Assert.Equal([new ResourceTag("app", "web"), new ResourceTag("env", "prod")], bucket.Tags);
        Assert.Equal("\napp=web\nenv=prod\n", bucket.TagText);
    }
}
