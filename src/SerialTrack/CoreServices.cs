using SerialTrack.Core.Catalog;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Printing;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Users;

namespace SerialTrack;

public static class CoreServices
{
    public static IServiceCollection AddCoreServices(this IServiceCollection services) => services
        .AddScoped<ProductCatalog>()
        .AddScoped<LocationCatalog>()
        .AddScoped<PartyCatalog>()
        .AddScoped<Accounts>()
        .AddScoped<Commissioning>()
        .AddScoped<Receiving>()
        .AddScoped<Moving>()
        .AddScoped<Packing>().AddScoped<Shipping>().AddScoped<SerialTrack.Core.Data.InstallationSettings>()
        .AddScoped<Production>().AddScoped<WorkInProgress>().AddScoped<Inspections>().AddScoped<LotTransformations>().AddScoped<BillOfMaterials>()
        .AddScoped<Returns>().AddScoped<Holds>().AddScoped<Adjustments>().AddScoped<PointInTime>()
        .AddScoped<SerialTrack.Core.Orders.OrderBook>()
        .AddScoped<SerialTrack.Core.Quality.Complaints>().AddScoped<SerialTrack.Core.Quality.Recalls>()
        .AddScoped<UnitLookup>()
        .AddScoped<Scanner>()
        .AddScoped<Whereabouts>()
        .AddScoped<SerialTrack.Core.Trace.Tracing>()
        .AddScoped<SerialTrack.Core.History.HistorySearch>().AddScoped<SerialTrack.Core.History.TraceabilityExport>().AddScoped<SerialTrack.Core.History.Archiving>()
        .AddScoped<SerialTrack.Core.Warehouse.Substitutes>().AddScoped<SerialTrack.Core.Warehouse.Instructions>()
        .AddScoped<Identifiers>()
        .AddScoped<SerialNumbers>()
        .AddScoped<SerialImport>()
        .AddScoped<SerialTrack.Core.Warehouse.Groups>().AddScoped<SerialTrack.Core.Warehouse.Tagging>().AddScoped<SerialTrack.Core.Warehouse.BulkActions>()
        .AddScoped<SerialTrack.Core.Epcis.EpcisCapturing>().AddScoped<SerialTrack.Core.Epcis.EpcisReviews>()
        .AddScoped<SerialTrack.Core.Epcis.EpcisQuerying>()
        .AddScoped<SerialTrack.Core.Warehouse.StaffTasks>().AddScoped<SerialTrack.Core.Warehouse.TaskWork>()
        .AddScoped<SerialTrack.Core.Warehouse.Replenishment>()
        .AddScoped<SerialTrack.Core.Epcis.EpcisExport>()
        .AddScoped<SerialTrack.Core.Webhooks.WebhookRegistry>().AddScoped<SerialTrack.Core.Webhooks.EpcisSubscriptions>()
        .AddScoped<LabelData>().AddScoped<LabelTemplateStore>().AddScoped<SerialTrack.Printing.LabelJobs>();
}
