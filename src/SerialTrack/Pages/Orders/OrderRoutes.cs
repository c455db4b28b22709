using SerialTrack.Core.Orders;

namespace SerialTrack.Pages.Orders;

// The URL word of each order kind (/orders/purchase/PO-000001) and the scan screen that works on it.
public static class OrderRoutes
{
    public static readonly (string Slug, OrderKind Kind, string Title, string Screen)[] All =
    [
        ("purchase", OrderKind.Purchase, "Purchase orders", "/receiving"),
        ("sales", OrderKind.Sales, "Sales orders", "/shipping"),
        ("production", OrderKind.Production, "Production orders", "/production"),
        ("returns", OrderKind.Return, "Returns (RMA)", "/returns"),
    ];

    public static OrderKind? Kind(string slug) => All.FirstOrDefault(r => r.Slug == slug) is { Title: not null } r ? r.Kind : null;

    public static string Slug(OrderKind kind) => All.First(r => r.Kind == kind).Slug;

    public static string Title(OrderKind kind) => All.First(r => r.Kind == kind).Title;

    public static string Screen(OrderKind kind) => All.First(r => r.Kind == kind).Screen;

    public static string Link(OrderKind kind, string number) => $"/orders/{Slug(kind)}/{Uri.EscapeDataString(number)}";
}
