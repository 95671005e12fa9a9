using Governance.Workflows.PreCheck;
using static Governance.Tests.Workflows.PreCheck.PreCheckTestData;

namespace Governance.Tests.Workflows.PreCheck;

/// <summary>
/// Invisible (format) characters must not hide personal data, secret marks or dictionary terms from the pre-check:
/// they are skipped for matching, hits keep offsets into the ORIGINAL text, and the hidden characters are a hit of their own.
/// </summary>
public sealed class InvisibleCharacterTests
{
    [Fact]
    public void Mobile_SplitByZeroWidthSpaces_IsFoundWithOriginalOffsets()
    {
        var r = Check("咨询电话138\u200B1234\u200B5678，欢迎来电。");
        var mobile = Assert.Single(Hits(r, PreCheckRules.Mobile));
        Assert.Equal(4, mobile.Start);
        Assert.Equal(13, mobile.Length);
        Assert.Equal("138\u200B1234\u200B5678", mobile.Match);
        Assert.Equal("138****5678", mobile.Suggestion);
        Assert.Equal(PreCheckSeverity.Block, mobile.Severity);
        var hidden = Hits(r, PreCheckRules.Invisible);
        Assert.Equal([7, 12], hidden.Select(h => h.Start));
        Assert.All(hidden, h => Assert.Equal(1, h.Length));
        Assert.All(hidden, h => Assert.Equal("", h.Suggestion));
        Assert.All(hidden, h => Assert.Contains("不可见字符", h.Message, StringComparison.Ordinal));
        AssertOffsets(r);
    }

    [Fact]
    public void Mobile_SplitByNumericEntityOfZeroWidthSpace_InHtml_IsFound()
    {
        var r = Check("<p>电话138&#8203;1234&#8203;5678</p>");
        Assert.Equal("电话138\u200B1234\u200B5678\n", r.Text);
        var mobile = Assert.Single(Hits(r, PreCheckRules.Mobile));
        Assert.Equal(2, mobile.Start);
        Assert.Equal(13, mobile.Length);
        Assert.True(r.Blocking);
        AssertOffsets(r);
    }

    [Theory]
    [InlineData('\u00AD')] // soft hyphen
    [InlineData('\u2060')] // word joiner
    [InlineData('\uFEFF')] // zero-width no-break space (BOM)
    [InlineData('\u200C')] // zero-width non-joiner
    [InlineData('\u200D')] // zero-width joiner
    [InlineData('\u200E')] // left-to-right mark
    [InlineData('\u202E')] // right-to-left override
    [InlineData('\u2066')] // left-to-right isolate
    [InlineData('\u180E')] // Mongolian vowel separator
    public void IdNumber_WithHiddenCharacter_IsFound(char hidden)
    {
        var id = ValidId();
        var hiddenId = id[..6] + hidden + id[6..14] + hidden + id[14..];
        var r = Check($"身份证号{hiddenId}。");
        var hit = Assert.Single(Hits(r, PreCheckRules.IdCard));
        Assert.Equal(4, hit.Start);
        Assert.Equal(20, hit.Length);
        Assert.Equal(hiddenId, hit.Match);
        Assert.Equal(id[..6] + "********" + id[^4..], hit.Suggestion);
        Assert.Equal([10, 19], Hits(r, PreCheckRules.Invisible).Select(h => h.Start));
        AssertOffsets(r);
    }

    [Fact]
    public void DictionaryTerm_WithZeroWidthSpace_IsAHit()
    {
        var r = Check("报道称台湾\u200B总统出席活动。");
        var hit = Assert.Single(Hits(r, PreCheckRules.WordIncorrect));
        Assert.Equal(3, hit.Start);
        Assert.Equal(5, hit.Length);
        Assert.Equal("台湾\u200B总统", hit.Match);
        Assert.Equal("台湾地区领导人", hit.Suggestion);
        AssertOffsets(r);
    }

    [Fact]
    public void SensitiveTerm_InTitle_WithWordJoiners_Blocks()
    {
        var rules = PreCheckRuleSet.Create([new DictionaryTerm("违禁测试词", TermKind.Sensitive)], [], []);
        var r = Check("正文", title: "关于违\u2060禁\u2060测试词的说明", rules: rules);
        var hit = Assert.Single(Hits(r, PreCheckRules.WordSensitive));
        Assert.Equal(PreCheckFields.Title, hit.Field);
        Assert.Equal(2, hit.Start);
        Assert.Equal(7, hit.Length);
        Assert.Equal("违\u2060禁\u2060测试词", hit.Match);
        Assert.True(r.Blocking);
        AssertOffsets(r);
    }

    [Fact]
    public void SecretMark_WithHiddenCharacter_IsFound()
    {
        var r = Check("机\u00AD密★1年 会议纪要");
        var hit = Assert.Single(Hits(r, PreCheckRules.SecretMark));
        Assert.Equal(0, hit.Start);
        Assert.Equal("机\u00AD密★1年", hit.Match);
        AssertOffsets(r);
    }

    [Fact]
    public void Url_WithHiddenCharacter_IsStillChecked()
    {
        var r = Check("详见 http://shop\u200B.example.com/a 页面");
        var hit = Assert.Single(Hits(r, PreCheckRules.LinkNotAllowed));
        Assert.Equal("http://shop\u200B.example.com/a", hit.Match);
        AssertOffsets(r);
    }

    [Fact]
    public void RunOfHiddenCharacters_IsOneHit_AndSupplementaryTagCharactersCount()
    {
        var r = Check("县教育局\u200B\u200C\u200D通知\U000E0041\U000E0042完");
        var hidden = Hits(r, PreCheckRules.Invisible);
        Assert.Equal(2, hidden.Length);
        Assert.Equal((4, 3), (hidden[0].Start, hidden[0].Length));
        Assert.Equal((9, 4), (hidden[1].Start, hidden[1].Length));
        Assert.All(hidden, h => Assert.Equal(PreCheckSeverity.Warn, h.Severity));
        Assert.False(r.Blocking);
        AssertOffsets(r);
    }

    [Fact]
    public void PlainText_HasNoInvisibleHit()
    {
        var r = Check("<p>县教育局召开2026年春季开学工作会议，电话 0917-5521234。</p>");
        Assert.Empty(Hits(r, PreCheckRules.Invisible));
    }
}
