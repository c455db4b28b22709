using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Printing;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Users;

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
            if (entry.Entity is Event or EventUnit or EventLot && entry.State is EntityState.Modified or EntityState.Deleted)
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
            e.Property(l => l.Code).HasMaxLength(64);
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
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        b.Entity<Event>(e =>
        {
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => x.EventTime);
            e.HasIndex(x => new { x.BizLocationId, x.EventTime });
            e.Property(x => x.Actor).HasMaxLength(128);
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
            e.HasKey(x => new { x.EventId, x.LotId, x.Role });
            e.HasIndex(x => new { x.LotId, x.EventId });
            e.Property(x => x.Quantity).HasPrecision(18, 6);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
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
            e.Property(x => x.Serial).HasMaxLength(128);
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
