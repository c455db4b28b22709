using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Production and homogeneous goods: builds, work-in-progress steps, tests, stage changes, lot split,
// merge and transformation, and the bills of materials builds are checked against.
public static class ProductionEndpoints
{
    public static void MapProduction(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Production").RequireAuthorization(Auth.Operator);
        g.MapPost("/production/produce", Produce);
        g.MapPost("/production/steps/start", StartStep);
        g.MapPost("/production/steps/finish", FinishStep);
        g.MapPost("/tests", RecordTest);
        g.MapPost("/units/stage", ChangeStage);
        g.MapPost("/lots/split", Split);
        g.MapPost("/lots/merge", Merge);
        g.MapPost("/lots/transform", Transform);
        api.MapGet("/products/{sku}/bom", GetBom).WithTags("Production");
        api.MapPut("/products/{sku}/bom", SetBom).WithTags("Production").RequireAuthorization(Auth.Manager);
    }

    static async Task<Created<ProductionResult>> Produce(ProduceBody body, Production process, HttpContext http, CancellationToken ct) =>
        Created(await process.ProduceAsync(
            new ProduceRequest(body.Station, body.Order, body.Product, body.Builds, body.Generate, body.OutputLot, body.OutputQuantity, body.Components, body.Lots,
                body.Stage ?? Stage.FinishedGood, body.Operator, body.AllowBomDeviation, body.ExpiryDate, Context(http, body.EventTime, body.Notes)),
            Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> StartStep(StepBody body, WorkInProgress process, HttpContext http, CancellationToken ct) =>
        Created(await process.StartStepAsync(body.ToRequest(Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> FinishStep(StepBody body, WorkInProgress process, HttpContext http, CancellationToken ct) =>
        Created(await process.FinishStepAsync(body.ToRequest(Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> RecordTest(TestBody body, Inspections process, HttpContext http, CancellationToken ct) =>
        Created(await process.RecordTestAsync(
            new TestRequest(body.Test, body.Passed, body.Required ?? true, body.Units, body.Lot, body.Measurements, body.Station, Context(http, body.EventTime, body.Notes)),
            Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> ChangeStage(StageBody body, WorkInProgress process, HttpContext http, CancellationToken ct) =>
        Created(await process.ChangeStageAsync(new StageChangeRequest(body.Stage, body.Units, body.Lot, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProductionResult>> Split(SplitBody body, LotTransformations process, HttpContext http, CancellationToken ct) =>
        Created(await process.SplitAsync(
            new SplitRequest(body.Product, body.Lot, body.From, body.Quantity, body.NewLot, body.To, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProductionResult>> Merge(MergeBody body, LotTransformations process, HttpContext http, CancellationToken ct) =>
        Created(await process.MergeAsync(
            new MergeRequest(body.Product, body.Inputs ?? [], body.Into, body.Location, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProductionResult>> Transform(TransformBody body, LotTransformations process, HttpContext http, CancellationToken ct) =>
        Created(await process.TransformAsync(
            new TransformRequest(body.Inputs ?? [], body.OutputProduct, body.OutputLot, body.OutputQuantity, body.Location, body.OutputUom, body.Tolerance, body.Strict,
                body.ExpiryDate, body.Order, Context(http, body.EventTime, body.Notes)),
            Auth.ActorOf(http.User), ct));

    static async Task<Ok<BomView>> GetBom(string sku, BillOfMaterials boms, CancellationToken ct) => TypedResults.Ok(await boms.GetAsync(sku, ct));

    static async Task<Ok<BomView>> SetBom(string sku, BomBody body, BillOfMaterials boms, CancellationToken ct) =>
        TypedResults.Ok(await boms.SetAsync(sku, body.Components, ct));

    static EventContext Context(HttpContext http, DateTimeOffset? eventTime, string? notes) =>
        new(eventTime, notes, Idempotency.KeyOf(http.Request));

    static Created<ProcessResult> Created(ProcessResult result) => TypedResults.Created($"/api/v1/events/{result.EventId}", result);

    static Created<ProductionResult> Created(ProductionResult result) => TypedResults.Created($"/api/v1/events/{result.Event.EventId}", result);
}

public sealed record ProduceBody(
    string? Station = null, string? Order = null, string? Product = null, List<Build>? Builds = null, int? Generate = null,
    string? OutputLot = null, decimal? OutputQuantity = null, List<UnitRef>? Components = null, List<LotQuantity>? Lots = null,
    Stage? Stage = null, string? Operator = null, bool AllowBomDeviation = false, DateOnly? ExpiryDate = null,
    DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record StepBody(string Operation, string Station, List<UnitRef>? Units = null, LotRef? Lot = null, string? Order = null, string? Operator = null,
    DateTimeOffset? EventTime = null, string? Notes = null)
{
    public StepRequest ToRequest(EventContext context) => new(Operation, Station, Units, Lot, Order, Operator, context);
}

public sealed record TestBody(string Test, bool Passed, bool? Required = null, List<UnitRef>? Units = null, LotRef? Lot = null,
    Dictionary<string, JsonElement>? Measurements = null, string? Station = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record StageBody(Stage Stage, List<UnitRef>? Units = null, LotRef? Lot = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record SplitBody(string Product, string Lot, string From, decimal Quantity, string NewLot, string? To = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record MergeBody(string Product, List<LotInput>? Inputs, string Into, string Location, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record TransformBody(List<LotInput>? Inputs, string OutputProduct, string OutputLot, decimal OutputQuantity, string Location, string? OutputUom = null,
    decimal? Tolerance = null, bool Strict = false, DateOnly? ExpiryDate = null, string? Order = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record BomBody(List<BomComponentInput>? Components);
