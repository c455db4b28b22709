using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Printing;
using SerialTrack.Core.Quality;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Core.Data;

public sealed class SerialTrackDbContext(DbContextOptions<SerialTrackDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<Party> Parties => Set<Party>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Lot> Lots => Set<Lot>();
    public DbSet<LotBalance> LotBalances => Set<LotBalance>();
    public DbSet<Container> Containers => Set<Container>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventUnit> EventUnits => Set<EventUnit>();
    public DbSet<EventLot> EventLots => Set<EventLot>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<IdentifierKind> IdentifierKinds => Set<IdentifierKind>();
    public DbSet<UnitIdentifier> UnitIdentifiers => Set<UnitIdentifier>();
    public DbSet<SerialScheme> SerialSchemes => Set<SerialScheme>();
    public DbSet<CategoryScheme> CategorySchemes => Set<CategoryScheme>();
    public DbSet<SerialCounter> SerialCounters => Set<SerialCounter>();
    public DbSet<SerialGap> SerialGaps => Set<SerialGap>();
    public DbSet<SerialReservation> SerialReservations => Set<SerialReservation>();
    public DbSet<ExpectedSerial> ExpectedSerials => Set<ExpectedSerial>();
    public DbSet<LabelTemplateRecord> LabelTemplates => Set<LabelTemplateRecord>();
    public DbSet<Printer> Printers => Set<Printer>();
    public DbSet<EventContainer> EventContainers => Set<EventContainer>();
    public DbSet<ContainerLot> ContainerLots => Set<ContainerLot>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Allocation> Allocations => Set<Allocation>();
    public DbSet<GenealogyEdge> GenealogyEdges => Set<GenealogyEdge>();
    public DbSet<ProductionStep> ProductionSteps => Set<ProductionStep>();
    public DbSet<TestResult> TestResults => Set<TestResult>();
    public DbSet<Hold> Holds => Set<Hold>();
    public DbSet<BomLine> BomLines => Set<BomLine>();
    public DbSet<UomConversion> UomConversions => Set<UomConversion>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<Sequence> Sequences => Set<Sequence>();
    public DbSet<Complaint> Complaints => Set<Complaint>();
    public DbSet<ComplaintNote> ComplaintNotes => Set<ComplaintNote>();
    public DbSet<ComplaintAttachment> ComplaintAttachments => Set<ComplaintAttachment>();
    public DbSet<Recall> Recalls => Set<Recall>();
    public DbSet<RecallItem> RecallItems => Set<RecallItem>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<UnitTag> UnitTags => Set<UnitTag>();
    public DbSet<LotTag> LotTags => Set<LotTag>();
    public DbSet<SavedGroup> SavedGroups => Set<SavedGroup>();
    public DbSet<ProductSubstitute> ProductSubstitutes => Set<ProductSubstitute>();
    public DbSet<HandlingInstruction> HandlingInstructions => Set<HandlingInstruction>();
    public DbSet<InstructionAcknowledgement> InstructionAcknowledgements => Set<InstructionAcknowledgement>();
    public DbSet<WarehouseTask> WarehouseTasks => Set<WarehouseTask>();
    public DbSet<TaskLine> TaskLines => Set<TaskLine>();
    public DbSet<TaskScan> TaskScans => Set<TaskScan>();
    public DbSet<EpcisStoredEvent> EpcisEvents => Set<EpcisStoredEvent>();
    public DbSet<EpcisEventEpc> EpcisEventEpcs => Set<EpcisEventEpc>();
    public DbSet<EpcisCapture> EpcisCaptures => Set<EpcisCapture>();
    public DbSet<EpcisReviewItem> EpcisReviewItems => Set<EpcisReviewItem>();
    public DbSet<Webhooks.EventHook> EventHooks => Set<Webhooks.EventHook>();
    public DbSet<Webhooks.EventHookDelivery> EventHookDeliveries => Set<Webhooks.EventHookDelivery>();
    public DbSet<Webhooks.EpcisNamedQuery> EpcisNamedQueries => Set<Webhooks.EpcisNamedQuery>();
    public DbSet<ReplenishmentRule> ReplenishmentRules => Set<ReplenishmentRule>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseEventChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseEventChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // The log is append-only (DESIGN.md): a mistake is corrected by a new event, never by an edit.
    // The database triggers say the same for writes that bypass EF.
    void RefuseEventChanges()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is Event or EventUnit or EventLot or EventContainer && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("Events are append-only: they are never updated or deleted.");
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Product>(e =>
        {
            e.HasIndex(p => p.Sku).IsUnique();
            e.HasIndex(p => p.Gtin).IsUnique();
            e.HasIndex(p => p.Category);
            e.Property(p => p.Sku).HasMaxLength(64);
            e.Property(p => p.Gtin).HasMaxLength(14);
            e.Property(p => p.Uom).HasMaxLength(16);
            e.Property(p => p.Attributes).HasConversion(AttributesConverter, AttributesComparer);
            e.HasOne<SerialScheme>().WithMany().HasForeignKey(p => p.SerialSchemeId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Location>(e =>
        {
            e.HasIndex(l => l.Code).IsUnique();
            e.HasIndex(l => l.Gln).IsUnique();
            e.HasIndex(l => l.Path);
            e.Property(l => l.Code).HasMaxLength(64);
            e.HasOne(l => l.Parent).WithMany().HasForeignKey(l => l.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Party>(e =>
        {
            e.HasIndex(p => p.Code).IsUnique();
            e.Property(p => p.Code).HasMaxLength(64);
        });
        b.Entity<Unit>(e =>
        {
            e.HasIndex(u => new { u.ProductId, u.Serial }).IsUnique();
            e.HasIndex(u => u.Serial);
            e.HasIndex(u => new { u.LocationId, u.Status });
            e.HasIndex(u => new { u.ProductId, u.Status, u.LocationId });
            e.HasIndex(u => u.ContainerId);
            e.HasIndex(u => u.OwnerPartyId);
            e.Property(u => u.Serial).HasMaxLength(128);
            e.Property(u => u.Version).IsConcurrencyToken();
            e.HasOne<Product>().WithMany().HasForeignKey(u => u.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(u => u.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Container>().WithMany().HasForeignKey(u => u.ContainerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Party>().WithMany().HasForeignKey(u => u.OwnerPartyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(u => u.LotId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Lot>(e =>
        {
            e.HasIndex(l => new { l.ProductId, l.Code }).IsUnique();
            e.HasIndex(l => l.Code);
            e.HasIndex(l => l.SupplierLotCode);
            e.HasIndex(l => l.ExpiryDate);
            e.Property(l => l.Code).HasMaxLength(64);
            e.Property(l => l.Version).IsConcurrencyToken();
            e.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<LotBalance>(e =>
        {
            e.HasIndex(l => new { l.LotId, l.LocationId, l.Status }).IsUnique();
            e.HasIndex(l => l.LocationId);
            e.Property(l => l.Version).IsConcurrencyToken();
            e.Property(l => l.Quantity).HasPrecision(18, 6);
            e.HasOne<Lot>().WithMany().HasForeignKey(l => l.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(l => l.LocationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Container>(e =>
        {
            e.HasIndex(c => c.Code).IsUnique();
            e.HasIndex(c => c.Sscc).IsUnique();
            e.HasIndex(c => c.ParentContainerId);
            e.HasIndex(c => c.LocationId);
            e.Property(c => c.Code).HasMaxLength(64);
            e.Property(c => c.Sscc).HasMaxLength(18);
            e.Property(c => c.Kind).HasMaxLength(16);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasOne<Container>().WithMany().HasForeignKey(c => c.ParentContainerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(c => c.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Party>().WithMany().HasForeignKey(c => c.OwnerPartyId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ContainerLot>(e =>
        {
            e.HasKey(x => new { x.ContainerId, x.LotId });
            e.HasIndex(x => x.LotId);
            e.Property(x => x.Quantity).HasPrecision(18, 6);
            e.HasOne<Container>().WithMany().HasForeignKey(x => x.ContainerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<EventContainer>(e =>
        {
            e.HasKey(x => new { x.EventId, x.ContainerId, x.Role });
            e.HasIndex(x => new { x.ContainerId, x.EventId });
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Container>().WithMany().HasForeignKey(x => x.ContainerId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Event>(e =>
        {
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => x.EventTime);
            e.HasIndex(x => new { x.BizLocationId, x.EventTime });
            e.HasIndex(x => new { x.OrderId, x.EventTime });
            e.HasIndex(x => new { x.Type, x.EventTime });
            e.HasIndex(x => new { x.Actor, x.EventTime });
            e.HasIndex(x => new { x.SourcePartyId, x.EventTime });
            e.HasIndex(x => new { x.DestinationPartyId, x.EventTime });
            e.Property(x => x.Actor).HasMaxLength(128);
            e.Property(x => x.ReasonCode).HasMaxLength(32);
            e.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
        });
        b.Entity<EventUnit>(e =>
        {
            e.HasKey(x => new { x.EventId, x.UnitId, x.Role });
            e.HasIndex(x => new { x.UnitId, x.EventId });
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<EventLot>(e =>
        {
            e.HasKey(x => new { x.EventId, x.Line });
            e.HasIndex(x => new { x.LotId, x.EventId });
            e.Property(x => x.Quantity).HasPrecision(18, 6);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Order>(e =>
        {
            e.HasIndex(o => new { o.Kind, o.Number }).IsUnique();
            e.HasIndex(o => new { o.Kind, o.Status });
            e.HasIndex(o => o.PartyId);
            e.Property(o => o.Number).HasMaxLength(64);
            e.Property(o => o.Reference).HasMaxLength(128);
            e.Property(o => o.CreatedBy).HasMaxLength(128);
            e.Property(o => o.Quantity).HasPrecision(18, 6);
            e.Property(o => o.DoneQuantity).HasPrecision(18, 6);
            e.Property(o => o.Version).IsConcurrencyToken();
            e.HasOne<Party>().WithMany().HasForeignKey(o => o.PartyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Product>().WithMany().HasForeignKey(o => o.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(o => o.LocationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<OrderLine>(e =>
        {
            e.HasIndex(l => new { l.OrderId, l.LineNo }).IsUnique();
            e.HasIndex(l => l.ProductId);
            e.HasIndex(l => l.UnitId);
            e.HasIndex(l => l.LotId);
            e.Property(l => l.Quantity).HasPrecision(18, 6);
            e.Property(l => l.DoneQuantity).HasPrecision(18, 6);
            e.Property(l => l.AllocatedQuantity).HasPrecision(18, 6);
            e.Property(l => l.SupplierLotCode).HasMaxLength(64);
            e.Property(l => l.Version).IsConcurrencyToken();
            e.HasOne<Order>().WithMany().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(l => l.LotId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Allocation>(e =>
        {
            // A unit is promised to at most one order line at a time (allocated = 1, picked = 2).
            e.HasIndex(a => a.UnitId).IsUnique().HasFilter("status IN (1, 2)");
            e.HasIndex(a => new { a.OrderLineId, a.Status });
            e.HasIndex(a => a.LotId);
            e.Property(a => a.Quantity).HasPrecision(18, 6);
            e.HasOne<OrderLine>().WithMany().HasForeignKey(a => a.OrderLineId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(a => a.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(a => a.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Container>().WithMany().HasForeignKey(a => a.ContainerId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<GenealogyEdge>(e =>
        {
            e.HasIndex(x => x.OutputUnitId);
            e.HasIndex(x => x.OutputLotId);
            e.HasIndex(x => x.InputUnitId);
            e.HasIndex(x => x.InputLotId);
            e.HasIndex(x => x.EventId);
            e.HasIndex(x => x.OrderId);
            e.Property(x => x.Quantity).HasPrecision(18, 6);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.OutputUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.InputUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.OutputLotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.InputLotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ProductionStep>(e =>
        {
            e.HasIndex(x => x.UnitId);
            e.HasIndex(x => x.LotId);
            e.HasIndex(x => new { x.StationId, x.StartedAt });
            e.Property(x => x.Operation).HasMaxLength(64);
            e.Property(x => x.Operator).HasMaxLength(128);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.StationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<TestResult>(e =>
        {
            e.HasIndex(x => x.UnitId);
            e.HasIndex(x => x.LotId);
            e.HasIndex(x => x.EventId);
            e.Property(x => x.Test).HasMaxLength(64);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Hold>(e =>
        {
            e.HasIndex(x => new { x.UnitId, x.ReleasedEventId });
            e.HasIndex(x => new { x.LotId, x.ReleasedEventId });
            e.HasIndex(x => new { x.LocationId, x.ReleasedEventId });
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.ReleaseReason).HasMaxLength(500);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<BomLine>(e =>
        {
            e.HasIndex(x => new { x.AssemblyProductId, x.ComponentProductId }).IsUnique();
            e.Property(x => x.Quantity).HasPrecision(18, 6);
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.AssemblyProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.ComponentProductId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<UomConversion>(e =>
        {
            e.HasIndex(x => new { x.FromUom, x.ToUom }).IsUnique();
            e.Property(x => x.FromUom).HasMaxLength(16);
            e.Property(x => x.ToUom).HasMaxLength(16);
            e.Property(x => x.Factor).HasPrecision(28, 12);
            e.HasData(
                new UomConversion { Id = 1, FromUom = "kg", ToUom = "g", Factor = 1000m },
                new UomConversion { Id = 2, FromUom = "t", ToUom = "kg", Factor = 1000m },
                new UomConversion { Id = 3, FromUom = "g", ToUom = "mg", Factor = 1000m },
                new UomConversion { Id = 4, FromUom = "l", ToUom = "ml", Factor = 1000m },
                new UomConversion { Id = 5, FromUom = "lb", ToUom = "oz", Factor = 16m },
                new UomConversion { Id = 6, FromUom = "kg", ToUom = "lb", Factor = 2.20462262185m },
                new UomConversion { Id = 7, FromUom = "m", ToUom = "cm", Factor = 100m },
                new UomConversion { Id = 8, FromUom = "m", ToUom = "mm", Factor = 1000m });
        });
        b.Entity<Setting>(e =>
        {
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(64);
            e.Property(x => x.Value).HasMaxLength(500);
        });
        b.Entity<Sequence>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
        });
        b.Entity<Complaint>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.UnitId);
            e.HasIndex(x => x.LotId);
            e.HasIndex(x => new { x.Status, x.ReportedOn });
            e.HasIndex(x => x.CustomerPartyId);
            e.Property(x => x.Number).HasMaxLength(32);
            e.Property(x => x.Symptom).HasMaxLength(4000);
            e.Property(x => x.RootCause).HasMaxLength(4000);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Party>().WithMany().HasForeignKey(x => x.CustomerPartyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.RootCauseLotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.RootCauseUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.RootCauseStationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Party>().WithMany().HasForeignKey(x => x.RootCauseSupplierId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Recall>().WithMany().HasForeignKey(x => x.RecallId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ComplaintNote>(e =>
        {
            e.HasIndex(x => x.ComplaintId);
            e.Property(x => x.Author).HasMaxLength(128);
            e.Property(x => x.Text).HasMaxLength(8000);
            e.HasOne<Complaint>().WithMany().HasForeignKey(x => x.ComplaintId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ComplaintAttachment>(e =>
        {
            e.HasIndex(x => x.ComplaintId);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.ContentType).HasMaxLength(128);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.AddedBy).HasMaxLength(128);
            e.HasOne<Complaint>().WithMany().HasForeignKey(x => x.ComplaintId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Recall>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.Status);
            e.Property(x => x.Number).HasMaxLength(32);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Reason).HasMaxLength(4000);
            e.Property(x => x.Root).HasMaxLength(500);
            e.Property(x => x.RootParameters).HasMaxLength(4000);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Complaint>().WithMany().HasForeignKey(x => x.ComplaintId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<RecallItem>(e =>
        {
            e.HasIndex(x => new { x.RecallId, x.UnitId }).IsUnique();
            e.HasIndex(x => new { x.RecallId, x.LotId }).IsUnique();
            e.HasIndex(x => new { x.RecallId, x.Fate });
            e.HasIndex(x => x.UnitId);
            e.HasIndex(x => x.LotId);
            e.Property(x => x.Quantity).HasPrecision(18, 6);
            e.Property(x => x.FateBy).HasMaxLength(128);
            e.Property(x => x.FateNote).HasMaxLength(2000);
            e.HasOne<Recall>().WithMany().HasForeignKey(x => x.RecallId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Party>().WithMany().HasForeignKey(x => x.CustomerPartyId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Tag>(e =>
        {
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Description).HasMaxLength(500);
        });
        b.Entity<UnitTag>(e =>
        {
            e.HasKey(x => new { x.TagId, x.UnitId });
            e.HasIndex(x => x.UnitId);
            e.Property(x => x.AddedBy).HasMaxLength(128);
            e.HasOne<Tag>().WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<LotTag>(e =>
        {
            e.HasKey(x => new { x.TagId, x.LotId });
            e.HasIndex(x => x.LotId);
            e.Property(x => x.AddedBy).HasMaxLength(128);
            e.HasOne<Tag>().WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<SavedGroup>(e =>
        {
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(128);
            e.Property(x => x.Description).HasMaxLength(1000);
            e.Property(x => x.Filter).HasMaxLength(8000);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<ProductSubstitute>(e =>
        {
            e.HasIndex(x => new { x.ProductId, x.SubstituteProductId }).IsUnique();
            e.HasIndex(x => x.SubstituteProductId);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.Conditions).HasMaxLength(1000);
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.SubstituteProductId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<HandlingInstruction>(e =>
        {
            e.HasIndex(x => x.ProductId);
            e.HasIndex(x => x.Category);
            e.HasIndex(x => x.LotId);
            e.HasIndex(x => x.UnitId);
            e.Property(x => x.Category).HasMaxLength(128);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<InstructionAcknowledgement>(e =>
        {
            e.HasIndex(x => new { x.InstructionId, x.UnitId });
            e.HasIndex(x => new { x.InstructionId, x.LotId });
            e.HasIndex(x => x.EventId);
            e.Property(x => x.AcknowledgedBy).HasMaxLength(128);
            e.HasOne<HandlingInstruction>().WithMany().HasForeignKey(x => x.InstructionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<WarehouseTask>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => new { x.Status, x.Assignee });
            e.HasIndex(x => new { x.Status, x.ZoneLocationId });
            e.HasIndex(x => x.OrderId);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.ReplenishmentRuleId, x.Status });
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
            e.Property(x => x.RequestHash).HasMaxLength(64);
            e.Property(x => x.Number).HasMaxLength(32);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Assignee).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.Property(x => x.LastWorkedBy).HasMaxLength(128);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.ZoneLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Order>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SavedGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Restrict);
            // A removed rule leaves its tasks as plain move tasks.
            e.HasOne<ReplenishmentRule>().WithMany().HasForeignKey(x => x.ReplenishmentRuleId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<TaskLine>(e =>
        {
            e.HasIndex(x => new { x.TaskId, x.LineNo }).IsUnique();
            e.HasIndex(x => x.UnitId);
            e.HasIndex(x => x.LotId);
            e.Property(x => x.Quantity).HasPrecision(18, 6);
            e.Property(x => x.DoneQuantity).HasPrecision(18, 6);
            e.Property(x => x.CountedQuantity).HasPrecision(18, 6);
            e.Property(x => x.ExceptionReason).HasMaxLength(500);
            e.Property(x => x.DoneBy).HasMaxLength(128);
            e.HasOne<WarehouseTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.FromLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.ToLocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Container>().WithMany().HasForeignKey(x => x.ToContainerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ReplenishmentRule>(e =>
        {
            e.HasIndex(x => new { x.ProductId, x.LocationId }).IsUnique();
            e.HasIndex(x => x.LocationId);
            e.Property(x => x.Min).HasPrecision(18, 6);
            e.Property(x => x.Max).HasPrecision(18, 6);
            e.Property(x => x.UpdatedBy).HasMaxLength(128);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.SourceLocationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<TaskScan>(e =>
        {
            e.HasIndex(x => new { x.TaskId, x.Id });
            e.HasIndex(x => x.UnitId);
            e.Property(x => x.Quantity).HasPrecision(18, 6);
            e.Property(x => x.ScannedBy).HasMaxLength(128);
            e.HasOne<WarehouseTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<TaskLine>().WithMany().HasForeignKey(x => x.TaskLineId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Location>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<EpcisStoredEvent>(e =>
        {
            e.HasIndex(x => new { x.EventId, x.DeclaresError }).IsUnique();
            e.HasIndex(x => new { x.EventHash, x.DeclaresError }).IsUnique();
            e.HasIndex(x => new { x.EventTime, x.Id });
            e.HasIndex(x => new { x.RecordTime, x.Id });
            e.HasIndex(x => x.BizStep);
            e.HasIndex(x => x.Disposition);
            e.HasIndex(x => x.ReadPoint);
            e.HasIndex(x => x.BizLocation);
            e.HasIndex(x => x.CaptureId);
            e.HasIndex(x => x.NativeEventId).IsUnique();
            e.Property(x => x.EventId).HasMaxLength(500);
            e.Property(x => x.EventHash).HasMaxLength(100);
            e.Property(x => x.EventTimeZoneOffset).HasMaxLength(6);
            e.Property(x => x.BizStep).HasMaxLength(500);
            e.Property(x => x.Disposition).HasMaxLength(500);
            e.Property(x => x.ReadPoint).HasMaxLength(500);
            e.Property(x => x.BizLocation).HasMaxLength(500);
            Bytewise(e.Property(x => x.ReadPoint));
            Bytewise(e.Property(x => x.BizLocation));
            e.HasOne<EpcisCapture>().WithMany().HasForeignKey(x => x.CaptureId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.NativeEventId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<EpcisEventEpc>(e =>
        {
            // The key is the MATCH_ index: an identifier, then the list it was in, then the events naming it.
            e.HasKey(x => new { x.Epc, x.Role, x.EventId });
            e.Property(x => x.Epc).HasMaxLength(500);
            Bytewise(e.Property(x => x.Epc));
            e.HasOne<EpcisStoredEvent>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<EpcisCapture>(e =>
        {
            e.HasIndex(x => x.CaptureId).IsUnique();
            e.Property(x => x.CaptureId).HasMaxLength(64);
            e.Property(x => x.Actor).HasMaxLength(128);
        });
        b.Entity<EpcisReviewItem>(e =>
        {
            e.HasIndex(x => x.StoredEventId);
            e.HasIndex(x => new { x.UnitId, x.ResolvedAt });
            // The review queue: the open items in id order.
            e.HasIndex(x => new { x.ResolvedAt, x.Id });
            e.Property(x => x.Epc).HasMaxLength(500);
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.ResolvedBy).HasMaxLength(128);
            e.HasOne<EpcisStoredEvent>().WithMany().HasForeignKey(x => x.StoredEventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Webhooks.EpcisNamedQuery>(e =>
        {
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
        });
        b.Entity<Webhooks.EventHook>(e =>
        {
            e.HasIndex(x => x.SubscriptionId).IsUnique();
            e.HasIndex(x => x.NamedQueryId);
            e.Property(x => x.SubscriptionId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.Secret).HasMaxLength(200);
            e.Property(x => x.PendingDeliveryId).HasMaxLength(64);
            e.Property(x => x.ClaimedBy).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Webhooks.EpcisNamedQuery>().WithMany().HasForeignKey(x => x.NamedQueryId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Webhooks.EventHookDelivery>(e =>
        {
            e.HasIndex(x => new { x.HookId, x.Id });
            e.Property(x => x.DeliveryId).HasMaxLength(64);
            e.HasOne<Webhooks.EventHook>().WithMany().HasForeignKey(x => x.HookId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<User>(e =>
        {
            e.HasIndex(u => u.Name).IsUnique();
            e.Property(u => u.Name).HasMaxLength(64);
        });
        b.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => new { t.UserId, t.Name });
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Party>().WithMany().HasForeignKey(t => t.PartyId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<IdempotencyRecord>(e =>
        {
            e.HasIndex(r => new { r.Key, r.UserId }).IsUnique();
            e.Property(r => r.Key).HasMaxLength(200);
        });

        b.Entity<IdentifierKind>(e =>
        {
            e.HasIndex(k => k.Code).IsUnique();
            e.Property(k => k.Code).HasMaxLength(32);
            e.HasData(
                new IdentifierKind { Id = 1, Code = "mfr_serial", Name = "Manufacturer serial", Format = IdentifierFormat.Text },
                new IdentifierKind { Id = 2, Code = "mac", Name = "MAC address", Format = IdentifierFormat.Mac },
                new IdentifierKind { Id = 3, Code = "imei", Name = "IMEI", Format = IdentifierFormat.Imei },
                new IdentifierKind { Id = 4, Code = "asset_tag", Name = "Customer asset tag", Format = IdentifierFormat.Text });
        });
        b.Entity<UnitIdentifier>(e =>
        {
            e.HasIndex(x => new { x.Kind, x.Issuer, x.Value }).IsUnique();
            e.HasIndex(x => x.Value);
            e.HasIndex(x => x.UnitId);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Issuer).HasMaxLength(64);
            e.Property(x => x.Value).HasMaxLength(128);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<SerialScheme>(e =>
        {
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Template).HasMaxLength(500);
        });
        b.Entity<CategoryScheme>(e =>
        {
            e.HasKey(x => x.Category);
            e.HasOne<SerialScheme>().WithMany().HasForeignKey(x => x.SchemeId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<SerialCounter>(e =>
        {
            e.HasIndex(x => new { x.SchemeId, x.ScopeKey }).IsUnique();
            e.HasOne<SerialScheme>().WithMany().HasForeignKey(x => x.SchemeId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<SerialGap>(e =>
        {
            e.HasIndex(x => new { x.SchemeId, x.ScopeKey });
            e.HasOne<SerialScheme>().WithMany().HasForeignKey(x => x.SchemeId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<SerialReservation>(e =>
        {
            e.HasIndex(x => x.ProductId);
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ExpectedSerial>(e =>
        {
            e.HasIndex(x => new { x.ProductId, x.Serial }).IsUnique();
            e.HasIndex(x => x.Serial);
            e.HasIndex(x => x.ReservationId);
            e.HasIndex(x => x.OrderLineId);
            e.Property(x => x.Serial).HasMaxLength(128);
            e.HasOne<OrderLine>().WithMany().HasForeignKey(x => x.OrderLineId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SerialReservation>().WithMany().HasForeignKey(x => x.ReservationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<LabelTemplateRecord>(e =>
        {
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(64);
        });
        b.Entity<Printer>(e =>
        {
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Address).HasMaxLength(255);
        });

        if (IsSqlite)
        {
            UseSqliteFriendlyTypes(b);
        }

        // Identifiers queried by prefix ranges (a GTIN's serials, a company's keys, a GLN's sub-locations) sort byte by
        // byte, as SQLite compares text: a language's collation (PostgreSQL's default for the database) may skip '/'
        // or put ':' before the digits, and a range would then miss what it should find.
        void Bytewise(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder property)
        {
            if (!IsSqlite)
            {
                property.UseCollation("C");
            }
        }

        UseSnakeCaseNames(b);
    }

    // SQLite has no native timestamp or decimal: EF stores them as TEXT and cannot compare or sum them.
    // Times become UTC microseconds since 1970 (ordered, exact), quantities become REAL.
    static void UseSqliteFriendlyTypes(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTimeOffset))
                {
                    property.SetValueConverter(SqliteTime.Converter);
                }
                else if (property.ClrType == typeof(DateTimeOffset?))
                {
                    property.SetValueConverter(SqliteTime.NullableConverter);
                }
                else if (property.ClrType == typeof(decimal))
                {
                    property.SetValueConverter(new ValueConverter<decimal, double>(d => (double)d, d => (decimal)d));
                }
            }
        }
    }

    static void UseSnakeCaseNames(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            // Plural snake_case table names: units, lot_balances, parties.
            var name = ToSnakeCase(entity.ClrType.Name);
            entity.SetTableName(name.EndsWith('y') ? name[..^1] + "ies" : name + "s");
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    static readonly ValueConverter<Dictionary<string, string>, string> AttributesConverter = new(
        d => JsonSerializer.Serialize(d, JsonSerializerOptions.Default),
        s => JsonSerializer.Deserialize<Dictionary<string, string>>(s, JsonSerializerOptions.Default) ?? new Dictionary<string, string>());

    static readonly ValueComparer<Dictionary<string, string>> AttributesComparer = new(
        (a, b) => a != null && b != null && a.Count == b.Count && !a.Except(b).Any(),
        d => d.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
        d => new Dictionary<string, string>(d));
}

public static class SqliteTime
{
    public static long ToMicroseconds(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicroseconds(long us) => new(DateTimeOffset.UnixEpoch.UtcTicks + us * 10, TimeSpan.Zero);

    public static readonly ValueConverter<DateTimeOffset, long> Converter = new(t => ToMicroseconds(t), us => FromMicroseconds(us));

    public static readonly ValueConverter<DateTimeOffset?, long?> NullableConverter = new(
        t => t.HasValue ? ToMicroseconds(t.Value) : null,
        us => us.HasValue ? FromMicroseconds(us.Value) : null);
}
