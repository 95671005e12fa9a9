using Governance.Workflows.PreCheck;
using static Governance.Tests.Workflows.PreCheck.PreCheckTestData;

namespace Governance.Tests.Workflows.PreCheck;

/// <summary>
/// 第9条 详细居住地址 (pii.address): the house/building/unit/room or village-group part is reported and masked; the
/// street, compound or village name before it stays. Institutional addresses that articles publish on purpose are not hits.
/// </summary>
public class AddressRuleTests
{
    [Theory]
    [InlineData("我家住城关街道西大街12号3栋2单元501室，楼上漏水。", "12号3栋2单元501室", "**号*栋*单元***室")]
    [InlineData("阳光小区5号楼2单元301室", "5号楼2单元301室", "*号楼*单元***室")]
    [InlineData("幸福家园3栋501室业主反映噪音扰民", "3栋501室", "*栋***室")]
    [InlineData("城关镇东街村3组12号", "3组12号", "*组**号")]
    [InlineData("天度镇八家村三组村民反映道路破损", "三组", "*组")]
    [InlineData("法门镇黄堆村第5组", "5组", "*组")]
    [InlineData("美阳路88号院6号楼1单元", "88号院6号楼1单元", "**号院*号楼*单元")]
    [InlineData("住址：西大街12号3-2-501", "12号3-2-501", "**号*-*-***")]
    [InlineData("锦绣花园7栋2单元501，联系人王女士", "7栋2单元501", "*栋*单元***")]
    [InlineData("阳光小区５号楼２单元３０１室", "５号楼２单元３０１室", "*号楼*单元***室")]
    [InlineData("县教育局家属院3号楼2单元501室", "3号楼2单元501室", "*号楼*单元***室")]
    [InlineData("家住人民路15号2幢402室", "15号2幢402室", "**号*幢***室")]
    [InlineData("东环路6号3楼302室", "6号3楼302室", "*号*楼***室")]
    [InlineData("城关街道南街社区5组18号", "5组18号", "*组**号")]
    [InlineData("怡和苑B座1503室", "B座1503室", "*座****室")]
    [InlineData("反映西大街12号3栋门前积水", "12号3栋", "**号*栋")]
    [InlineData("家住县政府家属院3号楼501室", "3号楼501室", "*号楼***室")]
    [InlineData("阳光小区三号楼二单元501室", "三号楼二单元501室", "*号楼*单元***室")]
    public void Check_DetailedHomeAddress_BlocksWithMaskedDetail(string body, string match, string suggestion)
    {
        var r = Check(body);
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckRules.Address, hit.Rule);
        Assert.Equal(PreCheckSeverity.Block, hit.Severity);
        Assert.Equal(match, hit.Match);
        Assert.Equal(suggestion, hit.Suggestion);
        Assert.Equal(body.IndexOf(match, StringComparison.Ordinal), hit.Start);
        Assert.True(r.Blocking);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_AddressSuggestionApplied_KeepsTheStreet()
    {
        var r = Check("城关街道西大街12号3栋2单元501室");
        var hit = Assert.Single(r.Hits);
        Assert.Equal("城关街道西大街**号*栋*单元***室", PreCheckSuggestions.ApplySuggestion(r.Text, hit));
    }

    [Fact]
    public void Check_AddressHiddenByZeroWidthCharacter_StillFound()
    {
        var r = Check("西大街12号3栋2单\u200B元501室");
        var hit = Assert.Single(Hits(r, PreCheckRules.Address));
        Assert.Equal("12号3栋2单\u200B元501室", hit.Match);
        Assert.Equal("**号*栋*单元***室", hit.Suggestion);
        AssertOffsets(r);
    }

    [Fact]
    public void Check_AddressInTitle_Reported()
    {
        var r = Check("正文", title: "关于阳光小区5号楼2单元漏水的答复");
        var hit = Assert.Single(r.Hits);
        Assert.Equal(PreCheckFields.Title, hit.Field);
        Assert.Equal("5号楼2单元", hit.Match);
        Assert.Equal("*号楼*单元", hit.Suggestion);
    }

    [Theory]
    [InlineData("地址：扶风县城关街道西大街1号（县政务服务中心）")]
    [InlineData("报名地点：县教育局三楼会议室")]
    [InlineData("根据县政府第3号文件精神，做好春耕工作。")]
    [InlineData("会议在县政府3号楼会议室召开。")]
    [InlineData("报名地点：县人社局2楼203室")]
    [InlineData("办理地点：县政务服务中心3号楼201室")]
    [InlineData("会议地点：县政府5楼502会议室")]
    [InlineData("本教材第三单元为古诗词。")]
    [InlineData("全县共有152个村民小组。")]
    [InlineData("工作队分3组开展入户走访。")]
    [InlineData("该小区1号楼至6号楼共320户。")]
    [InlineData("咨询地址：扶风县美阳路1号县行政服务中心2楼")]
    [InlineData("定于2026年3月12号召开动员会。")]
    [InlineData("乘坐地铁3号线到达。")]
    [InlineData("项目位于城关镇东街村，涉及3个组。")]
    [InlineData("截至2026-03-02，已完成第2批次。")]
    [InlineData("扶风县人民医院门诊楼3楼305室设立便民门诊。")]
    public void Check_InstitutionalOrNonAddressText_NoAddressHit(string body)
    {
        Assert.Empty(Hits(Check(body), PreCheckRules.Address));
    }

    [Fact]
    public void Address_IsOverridableLikeOtherPersonalData()
    {
        var hit = Assert.Single(Check("阳光小区5号楼2单元301室").Hits);
        Assert.True(Governance.Workflows.Definitions.ContentReview.ContentRules.IsOverridable(hit));
    }
}
