using Governance.Workflows.PreCheck;
using static Governance.Tests.Workflows.PreCheck.PreCheckTestData;

namespace Governance.Tests.Workflows.PreCheck;

/// <summary>
/// Fixed, known values for the personal-data rules, worked out by hand rather than with a generator that repeats the
/// engine's arithmetic: the GB 11643 sample ID, Luhn test card numbers, and the masks written out.
/// </summary>
public class PiiKnownValuesTests
{
    [Theory]
    // GB 11643-1999's sample: weighted sum 167, 167 mod 11 = 2 → check character X.
    [InlineData("11010519491231002X", "110105********002X")]
    [InlineData("11010519491231002x", "110105********002x")]
    // 扶风县 610324, born 1990-01-01, sequence 123: sum 199, mod 11 = 1 → 0.
    [InlineData("610324199001011230", "610324********1230")]
    public void ValidId_IsBlockingIdCard_WithHandWrittenMask(string id, string mask)
    {
        var r = Check($"身份证号{id}。");
        var hit = Assert.Single(r.Hits);
        Assert.Equal((PreCheckRules.IdCard, PreCheckSeverity.Block, id, 4, mask), (hit.Rule, hit.Severity, hit.Match, hit.Start, hit.Suggestion));
        Assert.True(r.Blocking);
    }

    [Theory]
    [InlineData("110105194912310021", "110105********0021")] // the sample with check 1 instead of X (not Luhn-valid either)
    [InlineData("610324199001011231", "610324********1231")] // check 1 instead of 0
    public void WrongCheckCharacter_IsOnlyASuspectWarning(string id, string mask)
    {
        var r = Check($"号码{id}");
        var hit = Assert.Single(r.Hits);
        Assert.Equal((PreCheckRules.IdCardSuspect, PreCheckSeverity.Warn, mask), (hit.Rule, hit.Severity, hit.Suggestion));
        Assert.False(r.Blocking);
    }

    [Theory]
    // Luhn by hand: 4111111111111111 → doubled 8+7×2=22, undoubled 8 → 30.
    [InlineData("4111111111111111", "4111********1111")]
    // 6222021234567890128: undoubled 42 + doubled 38 = 80.
    [InlineData("6222021234567890128", "6222***********0128")]
    [InlineData("6228480012345671", "6228********5671")]
    public void LuhnValidCard_IsBankCard_KeepingFirstAndLastFour(string card, string mask)
    {
        var hit = Assert.Single(Check($"收款账号{card}。").Hits);
        Assert.Equal((PreCheckRules.BankCard, card, mask), (hit.Rule, hit.Match, hit.Suggestion));
    }

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("6222021234567890120")]
    [InlineData("6228480012345678")]
    public void LuhnInvalidNumber_IsNoBankCard(string number) =>
        Assert.DoesNotContain(Check($"编号{number}。").Hits, h => h.Rule == PreCheckRules.BankCard);

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("19912345678", "199****5678")]
    public void Mobile_IsMaskedKeepingFirstThreeAndLastFour(string mobile, string mask)
    {
        var hit = Assert.Single(Check($"联系电话{mobile}").Hits);
        Assert.Equal((PreCheckRules.Mobile, mask), (hit.Rule, hit.Suggestion));
    }

    [Theory]
    [InlineData("12812345678")] // 12x is no mobile prefix
    [InlineData("1381234567")]  // ten digits
    public void NotAMobile_NoHit(string digits) => Assert.Empty(Check($"编号{digits}").Hits);
}
