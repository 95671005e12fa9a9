using Governance.Workflows.Engine;
using MudBlazor;

namespace Governance.Web.Features.Shared;

/// <summary>How a state's tone is painted (chips, history dots): one mapping for every workflow.</summary>
public static class ToneColors
{
    public static Color Of(StateTone tone) => tone switch
    {
        StateTone.Neutral => Color.Default,
        StateTone.Warning => Color.Warning,
        StateTone.Success => Color.Success,
        StateTone.Danger => Color.Error,
        StateTone.Closed => Color.Dark,
        _ => Color.Info,
    };

    /// <summary>
    /// The classes of a small filled MudChip in the tone's colour, for a state written as plain markup where a list renders
    /// many rows (a component per cell costs memory in every circuit): the same look as <c>StatusChip</c>.
    /// </summary>
    public static string ChipClass(StateTone tone) =>
        $"mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-{Of(tone).ToString().ToLowerInvariant()} status-chip";

    /// <summary>A Material icon by its name in <see cref="Icons.Material.Filled"/> (module descriptors name icons as text).</summary>
    public static string Icon(string name) =>
        typeof(Icons.Material.Filled).GetField(name)?.GetValue(null) as string ?? Icons.Material.Filled.Folder;
}
