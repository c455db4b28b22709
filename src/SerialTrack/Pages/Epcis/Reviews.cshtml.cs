using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Epcis;

// The model of _ReviewCells: a review item's row, and whether the reader may mark it reviewed.
public sealed record ReviewCells(EpcisReviewRow Row, bool CanOperate);

// The review queue: every contradiction a captured EPCIS event brought (an own unit nobody commissioned, a unit seen where
// the books did not place it, a scrapped unit seen again...), oldest first, each with its unit and a button to mark it
// reviewed. The same items are listed on each unit's page.
public sealed class ReviewsModel(EpcisReviews reviews) : PageModel
{
    const int PageSize = 100;

    public List<EpcisReviewRow> Items { get; private set; } = [];
    public EpcisReviewState State { get; private set; }
    public int OpenCount { get; private set; }
    public long? NextAfter { get; private set; }
    public bool CanOperate => Auth.LevelOf(User) >= (int)Role.Operator;

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(string? state, long? after, CancellationToken ct)
    {
        State = state == "reviewed" ? EpcisReviewState.Reviewed : state == "all" ? EpcisReviewState.All : EpcisReviewState.Open;
        Items = await reviews.ListAsync(State, after, PageSize, ct);
        if (Items.Count > PageSize)
        {
            Items.RemoveAt(PageSize);
            NextAfter = Items[^1].Id;
        }
        OpenCount = await reviews.OpenCountAsync(ct);
    }

    public async Task<IActionResult> OnPostReviewedAsync(long item, CancellationToken ct)
    {
        if (!CanOperate)
        {
            return Forbid();
        }
        await reviews.ResolveAsync(item, Auth.ActorOf(User), ct);
        Done = $"Item {item} marked reviewed.";
        return RedirectToPage();
    }
}
