using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Orders;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Purchase orders, sales orders, production orders and returns share one shape: the route names the kind.
public static class OrdersEndpoints
{
    public static void MapOrders(this RouteGroupBuilder api)
    {
        foreach (var (route, kind) in Routes)
        {
            var g = api.MapGroup("/" + route).WithTags("Orders");
            g.MapGet("/", (OrderBook book, HttpRequest request, string? status, string? party, long? after, int? limit, CancellationToken ct) => List(kind, book, request, status, party, after, limit, ct));
            g.MapGet("/{number}", (string number, OrderBook book, CancellationToken ct) => Get(kind, number, book, ct));
            g.MapPost("/", (OrderRequest body, OrderBook book, HttpContext http, CancellationToken ct) => Create(kind, route, body, book, http, ct)).RequireAuthorization(Auth.Manager);
            g.MapPost("/{number}/close", (string number, OrderBook book, CancellationToken ct) => Close(kind, number, false, book, ct)).RequireAuthorization(Auth.Manager);
            g.MapPost("/{number}/cancel", (string number, OrderBook book, CancellationToken ct) => Close(kind, number, true, book, ct)).RequireAuthorization(Auth.Manager);
        }
    }

    public static readonly (string Route, OrderKind Kind)[] Routes =
    [
        ("purchase-orders", OrderKind.Purchase),
        ("sales-orders", OrderKind.Sales),
        ("production-orders", OrderKind.Production),
        ("returns", OrderKind.Return),
    ];

    static async Task<Ok<Page<OrderBook.OrderSummary>>> List(OrderKind kind, OrderBook book, HttpRequest request, string? status, string? party, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var rows = await book.ListAsync(kind, EnumQuery.Parse<OrderStatus>(status, "status"), party, after, n + 1, ct);
        return TypedResults.Ok(Paging.Of(rows, n, o => o.Id, request));
    }

    static async Task<Ok<OrderView>> Get(OrderKind kind, string number, OrderBook book, CancellationToken ct) =>
        TypedResults.Ok(await book.GetAsync(kind, number, ct));

    static async Task<Created<OrderView>> Create(OrderKind kind, string route, OrderRequest body, OrderBook book, HttpContext http, CancellationToken ct)
    {
        var order = await book.CreateAsync(body.ToInput(kind), Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/{route}/{Uri.EscapeDataString(order.Number)}", order);
    }

    static async Task<Ok<OrderView>> Close(OrderKind kind, string number, bool cancel, OrderBook book, CancellationToken ct) =>
        TypedResults.Ok(await book.CloseAsync(kind, number, cancel, ct));
}

public sealed record OrderRequest(
    string? Party = null,
    IReadOnlyList<OrderLineInput>? Lines = null,
    string? Number = null,
    string? Product = null,
    decimal Quantity = 0,
    string? Location = null,
    DateOnly? DueDate = null,
    string? Reference = null,
    string? Notes = null)
{
    public OrderInput ToInput(OrderKind kind) => new(kind, Party, Lines, Number, Product, Quantity, Location, DueDate, Reference, Notes);
}
