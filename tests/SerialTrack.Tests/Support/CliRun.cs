using SerialTrack.Cli;

namespace SerialTrack.Tests.Support;

// Runs `serialtrack ARGS` in-process with the console captured. Tests that use it sit in the "Console"
// collection: the console is process-wide, so they must not run in parallel.
public static class CliRun
{
    public static string Db(TestDb t) => t.Target.SqlitePath ?? t.Target.ConnectionString;

    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            var code = await Commands.RunAsync(args);
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
