namespace Governance.Workflows.Engine;

/// <summary>
/// A card above the 工作台's list: a figure a part of the product wants a user to see (overdue work across units for the
/// county roles), with where to go for it. The 工作台 shows every card its sources give; it names none of them.
/// </summary>
/// <param name="Key">Names the card in the page (its element id).</param>
/// <param name="Title">The card's heading.</param>
/// <param name="Text">One line of figures, in Chinese.</param>
/// <param name="Link">Where the card leads.</param>
/// <param name="LinkText">The link's text (its accessible name).</param>
/// <param name="Count">The figure shown large.</param>
/// <param name="Alert">Whether the figure calls for attention (shown in the error colour).</param>
public sealed record InboxCard(string Key, string Title, string Text, string Link, string LinkText, int Count, bool Alert);

/// <summary>Gives the 工作台 a card for the actor, or null when it has none for them.</summary>
public interface IInboxCardSource
{
    Task<InboxCard?> CardForAsync(Actor actor, CancellationToken ct = default);
}
