using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Core.Tests.Warehouse;

// A100 S1..S4 at B1 and S5 at B2, lot FLOUR L1 (100 kg) at B1, a dock DOCK, workers op1 and op2, a
// manager boss; a saved group "b1-widgets" (A100 at B1).
public static class TaskWorld
{
    public static readonly Actor Boss = new(null, "boss");
    public static readonly Actor Op1 = new(null, "op1");
    public static readonly Actor Op2 = new(null, "op2");

    public static async Task AWarehouseWithStock(SerialTrackDbContext db, TimeProvider clock)
    {
        await World.ASerialProductAndAWarehouse(db);
        await new LocationCatalog(db, clock).CreateAsync(new LocationInput("DOCK", "Dock", LocationKind.Bin, "WH1"), default);
        var commissioning = new Commissioning(db, clock);
        await commissioning.CommissionAsync(new CommissionRequest("A100", ["S1", "S2", "S3", "S4"], "B1"), Boss, default);
        await commissioning.CommissionAsync(new CommissionRequest("A100", ["S5"], "B2"), Boss, default);
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 100, "B1"), Boss, default);
        var accounts = new Accounts(db, clock);
        await accounts.AddUserAsync("op1", Role.Operator, null, default);
        await accounts.AddUserAsync("op2", Role.Operator, null, default);
        await accounts.AddUserAsync("boss", Role.Manager, null, default);
        await new Groups(db, clock).SaveAsync(new SaveGroupRequest("b1-widgets", new GroupFilter { Products = ["A100"], Location = "B1" }), Boss, default);
    }

    public static StaffTasks Tasks(SerialTrackDbContext db, TimeProvider clock) => new(db, new Groups(db, clock), clock);

    public static TaskWork Work(SerialTrackDbContext db, TimeProvider clock) =>
        new(db, clock, Tasks(db, clock), new Scanner(db), new Moving(db, clock), new Packing(db, clock), new Shipping(db, clock), new Adjustments(db, clock));

    public static BulkActions Bulk(SerialTrackDbContext db, TimeProvider clock) =>
        new(db, new Groups(db, clock), new Moving(db, clock), new Holds(db, clock), new Tagging(db, clock), Tasks(db, clock));

    public static Replenishment Replenishment(SerialTrackDbContext db, TimeProvider clock) => new(db, Tasks(db, clock), clock);

    public static Task<TaskView> AMoveTask(SerialTrackDbContext db, TimeProvider clock, string to = "B2", string? assignee = null) =>
        Tasks(db, clock).CreateAsync(new TaskRequest(TaskKind.Move, Assignee: assignee, Target: new BulkTarget(Group: "b1-widgets"), To: to), Boss, default);
}
