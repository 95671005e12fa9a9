using Governance.Workflows.PreCheck;
using static Governance.Tests.Workflows.PreCheck.PreCheckTestData;

namespace Governance.Tests.Workflows.PreCheck;

public class PiiRuleTests
{
    [Fact]
    public void Check_ValidIdInProse_ReportsBlockingIdCardWithMask()
    {
        var id = ValidId();
        var r = Check($"申请人身份证号{id}，请核实。");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.IdCard, hit.Rule);
        Assert.Equal(PreCheckSeverity.Block, hit.Severity);
        Assert.Equal(PreCheckFields.Body, hit.Field);
        Assert.Equal(id, hit.Match);
        Assert.Equal(7, hit.Start);
        Assert.Equal(id[..6] + "********" + id[^4..], hit.Suggestion);
        Assert.True(r.Blocking);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_IdAtStartAndEndOfText_BothReported()
    {
        var a = ValidId("19780312", "011");
        var b = ValidId("20010228", "452");
        var r = Check(a + "与" + b);
        var hits = Hits(r, PreCheckRules.IdCard);
        Assert.Equal(2, hits.Length);
        Assert.Equal(0, hits[0].Start);
        Assert.Equal(a.Length + 1, hits[1].Start);
        Assert.Equal(r.Text.Length, hits[1].Start + hits[1].Length);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_IdEndingInLowerCaseX_IsValid()
    {
        var id = ValidIdEndingInX();
        var lower = id[..17] + "x";
        var r = Check($"证件：{lower}。");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.IdCard, hit.Rule);
        Assert.Equal(lower, hit.Match);
    }

    [Fact]
    public void Check_IdWithWrongCheckDigit_ReportsSuspectWarnOnly()
    {
        string? id = null;
        for (int s = 0; s < 1000 && id is null; s++)
        {
            var candidate = WrongCheckId("19900101", s.ToString("D3"));
            if (!LuhnOk(candidate)) id = candidate;
        }
        Assert.NotNull(id);
        var r = Check($"号码{id}");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.IdCardSuspect, hit.Rule);
        Assert.Equal(PreCheckSeverity.Warn, hit.Severity);
        Assert.False(r.Blocking);
    }

    [Fact]
    public void Check_IdWithImpossibleDate_NoHit()
    {
        var first17 = "610324" + "19900230" + "123"; // 30 February
        var id = first17 + IdCheckDigit(first17);
        var r = Check($"编号{id}号");
        Assert.DoesNotContain(r.Hits, h => h.Rule is PreCheckRules.IdCard or PreCheckRules.IdCardSuspect);
    }

    [Fact]
    public void Check_IdWithFutureBirthYear_NoIdHit()
    {
        // The engine's clock is fixed at 2026-03-02: a birth year of 2027 is impossible.
        var r = Check("编号610324202701011236号"); // check digit 6, worked out by hand (GB 11643)
        Assert.DoesNotContain(r.Hits, h => h.Rule is PreCheckRules.IdCard or PreCheckRules.IdCardSuspect);
        Assert.Equal(PreCheckRules.IdCard, Assert.Single(Check("编号610324202612311237号").Hits).Rule);
    }

    [Fact]
    public void Check_BirthOnNewYearsDay_BecomesValidAtMidnightChinaTime()
    {
        const string bornNewYear2027 = "610324202701011236";
        var lastSecond = EngineAt(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.FromHours(8)));
        var firstSecond = EngineAt(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)));
        var input = new PreCheckInput("标题", $"新生儿身份证号{bornNewYear2027}。");

        Assert.DoesNotContain(lastSecond.Check(input, PreCheckRuleSet.Default).Hits, h => h.Rule == PreCheckRules.IdCard);
        var hit = Assert.Single(firstSecond.Check(input, PreCheckRuleSet.Default).Hits);
        Assert.Equal(PreCheckRules.IdCard, hit.Rule);
        Assert.Equal("610324********1236", hit.Suggestion);
    }

    [Fact]
    public void Check_Legacy15DigitId_Reported()
    {
        var r = Check("老证件号610324800101123。");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.IdCard, hit.Rule);
        Assert.Equal("610324800101123", hit.Match);
        Assert.Equal("610324*****1123", hit.Suggestion);
    }

    [Fact]
    public void Check_IdInside20DigitSerial_NoHit()
    {
        var serial = "12" + ValidId(); // 20 digits
        var r = Check($"流水号{serial}结束");
        Assert.Empty(r.Hits);
    }

    [Fact]
    public void Check_MobileInsideLongerDigitRun_NoHit()
    {
        var r = Check("订单号2013812345678901，电话0913812345678");
        Assert.Empty(Hits(r, PreCheckRules.Mobile));
    }

    [Theory]
    [InlineData("联系电话13812345678。", "13812345678", "138****5678")]
    [InlineData("联系电话138 1234 5678。", "138 1234 5678", "138 **** 5678")]
    [InlineData("联系电话138-1234-5678。", "138-1234-5678", "138-****-5678")]
    [InlineData("联系电话+86 13812345678。", "+86 13812345678", "+86 138****5678")]
    [InlineData("联系电话+86-13812345678。", "+86-13812345678", "+86-138****5678")]
    [InlineData("联系电话8613812345678。", "8613812345678", "86138****5678")]
    [InlineData("联系电话19912345678", "19912345678", "199****5678")]
    public void Check_MobileFormats_ReportedWithMask(string body, string match, string suggestion)
    {
        var r = Check(body);
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.Mobile, hit.Rule);
        Assert.Equal(match, hit.Match);
        Assert.Equal(suggestion, hit.Suggestion);
        AssertOffsets(r);
    }

    [Theory]
    [InlineData("电话12812345678")] // second digit 2
    [InlineData("电话1381234567")]  // 10 digits
    [InlineData("电话0917-5212345")] // landline: reported by pii.landline (ContactRuleTests), not as a mobile
    public void Check_NotAMobile_NoHit(string body)
    {
        Assert.DoesNotContain(Check(body).Hits, h => h.Rule != PreCheckRules.Landline);
    }

    [Fact]
    public void Check_ValidBankCard_ReportedKeepingFirstAndLastFour()
    {
        var card = LuhnValid("622202123456789012"); // 19 digits
        var r = Check($"账号：{card}");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.BankCard, hit.Rule);
        Assert.Equal(card[..4] + new string('*', card.Length - 8) + card[^4..], hit.Suggestion);
    }

    [Fact]
    public void Check_BankCardInGroupsOfFour_Reported()
    {
        var card = LuhnValid("622848001234567"); // 16 digits
        var grouped = string.Join(" ", Enumerable.Range(0, 4).Select(i => card.Substring(i * 4, 4)));
        var r = Check($"卡号 {grouped} 。");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.BankCard, hit.Rule);
        Assert.Equal(grouped, hit.Match);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_LuhnInvalidCard_NoHit()
    {
        var card = LuhnInvalid("622202123456789012");
        Assert.Empty(Check($"账号：{card}").Hits);
    }

    [Fact]
    public void Check_IdThatIsAlsoLuhnValid_OnlyIdCard()
    {
        string? id = null;
        for (int s = 0; s < 1000 && id is null; s++)
        {
            var candidate = ValidId("19900101", s.ToString("D3"));
            if (!candidate.EndsWith('X') && LuhnOk(candidate)) id = candidate;
        }
        Assert.NotNull(id);
        var r = Check($"号码{id}");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.IdCard, hit.Rule);
    }

    [Fact]
    public void Check_FullWidthDigits_DetectedWithOffsetsIntoText()
    {
        var id = ValidId();
        var fw = FullWidth(id);
        var r = Check($"身份证：{fw}；手机：{FullWidth("13812345678")}");
        Assert.Equal(2, r.Hits.Count);
        Assert.Equal(PreCheckRules.IdCard, r.Hits[0].Rule);
        Assert.Equal(fw, r.Hits[0].Match);
        Assert.Equal(4, r.Hits[0].Start);
        Assert.Equal(PreCheckRules.Mobile, r.Hits[1].Rule);
        Assert.Equal("１３８****５６７８", r.Hits[1].Suggestion);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_NumericEntitiesAndNbsp_OffsetsIntoDecodedText()
    {
        var r = Check("<p>电话&nbsp;&#49;3812345678</p><p>身份证&amp;" + ValidId() + "</p>");
        Assert.Equal("电话\u00a013812345678\n身份证&" + ValidId() + "\n", r.Text);
        Assert.Equal(2, r.Hits.Count);
        Assert.Equal(PreCheckRules.Mobile, r.Hits[0].Rule);
        Assert.Equal("13812345678", r.Hits[0].Match);
        Assert.Equal(PreCheckRules.IdCard, r.Hits[1].Rule);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_NumberSplitByTag_StillOneNumber()
    {
        var r = Check("电话<b>138</b>12345678");
        var hit = Assert.Single(r.Hits);
        Assert.Equal("13812345678", hit.Match);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_MobileInTitle_ReportedWithTitleField()
    {
        var r = Check("正文", title: "联系13812345678");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckFields.Title, hit.Field);
        Assert.Equal(2, hit.Start);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_DatesAndYears_NoHit()
    {
        Assert.Empty(Check("2024年12月31日，2023-2024学年，编号20240101001，金额1234567.89元。").Hits);
    }
}
