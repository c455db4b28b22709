// serialtrack: one executable. `serve` runs the web UI, the REST API and OpenAPI; the other commands
// (db, users, tokens, import, export) run the same Core services from the shell. See Cli/Commands.cs.
return await SerialTrack.Cli.Commands.RunAsync(args);

public partial class Program;
