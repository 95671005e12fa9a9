using Bunit;
using Governance.Web.Features.ColumnRequests;
using Governance.Workflows.Definitions.ColumnRequests;

namespace Governance.Tests.Web;

public sealed class ColumnRequestFormFieldsTests : BunitTestContext
{
    private IRenderedComponent<ColumnRequestFormFields> RenderForm(ColumnRequestForm model) =>
        Render<ColumnRequestFormFields>(p => p.Add(x => x.Model, model));

    private static ColumnRequestForm Valid() => new()
    {
        ColumnName = "2026年义务教育招生专栏", Purpose = "义务教育阶段招生入学政策集中公开", StartDate = new DateTime(2026, 3, 10),
        EndDate = new DateTime(2026, 9, 30), ResponsiblePerson = "王主任", StaffA = "张三", StaffB = "李四", UpdateCadence = "每周",
        ContentSources = "县教育局基础教育股",
    };

    [Fact]
    public async Task Empty_form_is_invalid_and_shows_the_Chinese_required_messages()
    {
        var cut = RenderForm(new ColumnRequestForm());

        var valid = await cut.InvokeAsync(() => cut.Instance.ValidateAsync());

        Assert.False(valid);
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("请填写专栏名称", cut.Markup);
            Assert.Contains("请填写开设事由", cut.Markup);
            Assert.Contains("请填写栏目负责人", cut.Markup);
            Assert.Contains("请填写A岗人员", cut.Markup);
            Assert.Contains("请填写内容来源", cut.Markup);
        });
    }

    [Fact]
    public async Task Same_person_as_A_and_B_is_refused()
    {
        var form = Valid();
        form.StaffB = form.StaffA;
        var cut = RenderForm(form);

        var valid = await cut.InvokeAsync(() => cut.Instance.ValidateAsync());

        Assert.False(valid);
        cut.WaitForAssertion(() => Assert.Contains("A岗与B岗不能是同一人", cut.Markup));
    }

    [Fact]
    public async Task End_date_before_start_is_refused()
    {
        var form = Valid();
        form.EndDate = form.StartDate!.Value.AddDays(-1);
        var cut = RenderForm(form);

        var valid = await cut.InvokeAsync(() => cut.Instance.ValidateAsync());

        Assert.False(valid);
        cut.WaitForAssertion(() => Assert.Contains("结束日期须晚于开始日期", cut.Markup));
    }

    [Fact]
    public async Task Complete_form_is_valid()
    {
        var cut = RenderForm(Valid());

        var valid = await cut.InvokeAsync(() => cut.Instance.ValidateAsync());

        Assert.True(valid);
        Assert.DoesNotContain("请填写", cut.Markup);
    }
}
