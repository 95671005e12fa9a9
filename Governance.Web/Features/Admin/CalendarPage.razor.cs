using Microsoft.AspNetCore.Components;
using System.Globalization;
using System.Net.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using static Microsoft.AspNetCore.Components.Web.RenderMode;
using Microsoft.JSInterop;
using MudBlazor;
using Governance.Data.Entities;
using Governance.Workflows.Engine;
using Governance.Web;
using Governance.Web.Components;
using Governance.Web.Components.Layout;
using Governance.Web.Features.Shared;
using Governance.Workflows.Calendar;
using Governance.Workflows.Admin;
using Governance.Workflows.Audit;
using Governance.Workflows.Identity;
using Governance.Workflows.Settings;
using Governance.Web.Features.Admin;
using Governance.Workflows.PreCheck;

namespace Governance.Web.Features.Admin;

public partial class CalendarPage
{
    private enum DayChoice { Holiday, MakeUp, Normal }
    private static readonly string[] WeekDays = ["一", "二", "三", "四", "五", "六", "日"];

    private Actor? _actor;
    private int _year;
    private List<int> _years = [];
    private CalendarYear? _yearInfo;
    private IReadOnlyList<CalendarDay> _list = [];
    private Dictionary<DateOnly, CalendarDay> _days = [];

    private DateTime? _formDateTime;
    private DateOnly? _formDate => _formDateTime is { } d ? DateOnly.FromDateTime(d) : null;
    private DayChoice _choice = DayChoice.Holiday;
    private string? _name;
    private string? _error;
    private bool _busy;

    private DateTime? _tryFrom;
    private int _tryDays = 5;
    private DueResult? _tryResult;

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentActor.GetAsync();
        var today = WorkingDayCalendar.ChinaToday(Time);
        _year = today.Year;
        _tryFrom = today.ToDateTime(TimeOnly.MinValue);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var today = WorkingDayCalendar.ChinaToday(Time);
        var known = await Calendar.YearsAsync();
        _years = known.Select(y => y.Year).Append(today.Year).Append(today.Year + 1).Append(_year).Distinct().Order().ToList();
        _yearInfo = known.FirstOrDefault(y => y.Year == _year);
        _list = await Calendar.DaysOfYearAsync(_year);
        _days = _list.ToDictionary(d => d.Date);
    }

    private async Task ChangeYearAsync(int year)
    {
        _year = year;
        await LoadAsync();
    }

    private void Pick(DateOnly date)
    {
        _formDateTime = date.ToDateTime(TimeOnly.MinValue);
        _error = null;
        if (_days.TryGetValue(date, out var entry))
        {
            _choice = entry.IsWorkday ? DayChoice.MakeUp : DayChoice.Holiday;
            _name = entry.Name;
        }
        else
        {
            _choice = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayChoice.MakeUp : DayChoice.Holiday;
            _name = null;
        }
    }

    private async Task SaveDayAsync()
    {
        if (_formDate is not { } date) { _error = "请选择日期。"; return; }
        _busy = true;
        try
        {
            CalendarDayKind? kind = _choice switch
            {
                DayChoice.Holiday => CalendarDayKind.Holiday,
                DayChoice.MakeUp => CalendarDayKind.MakeUpWorkday,
                _ => null,
            };
            _error = await Calendar.SetDayAsync(_actor!, date, kind, _choice == DayChoice.Normal ? null : _name);
            if (_error is not null) return;
            Snackbar.Add($"{date:yyyy-MM-dd} 已{(_choice switch { DayChoice.Holiday => "设为节假日", DayChoice.MakeUp => "设为调休上班", _ => "恢复常规" })}。", Severity.Success);
            _year = date.Year;
            await LoadAsync();
            _tryResult = null;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task TryAsync()
    {
        if (_tryFrom is not { } from) return;
        var calendar = await Calendar.GetAsync();
        _tryResult = calendar.DueAt(DateOnly.FromDateTime(from), Math.Max(0, _tryDays));
    }
}
