using EmailTriage.Triage;
using Spectre.Console;

namespace EmailTriage.Cli.Output;

/// <summary>Done / total, rate and time left, for a person watching a terminal.</summary>
internal static class LiveProgress
{
    public static async Task<TriageSummary> RunAsync(CliConsole console, string title, Func<IProgress<TriageProgress>, Task<TriageSummary>> run)
    {
        var terminal = console.Terminal();
        TriageSummary? summary = null;
        await terminal.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ProgressColumnCount(), new TransferlessRateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                // The total is known only once the mailbox is listed; until then a bar at 0/1 would be a lie.
                var task = context.AddTask(title, maxValue: 1);
                task.IsIndeterminate = true;
                var progress = new Progress<TriageProgress>(p =>
                {
                    task.IsIndeterminate = false;
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                summary = await run(progress);
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    internal sealed class ProgressColumnCount : ProgressColumn
    {
        public const string Listing = "listing…";

        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(Text(task));

        public static string Text(ProgressTask task) => task.IsIndeterminate ? Listing : $"{task.Value:0}/{task.MaxValue:0}";
    }

    private sealed class TransferlessRateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed:0.0} msg/s" : "-");
    }
}
