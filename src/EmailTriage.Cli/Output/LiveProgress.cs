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
                var task = context.AddTask(title, maxValue: 1);
                var progress = new Progress<TriageProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                summary = await run(progress);
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    private sealed class ProgressColumnCount : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text($"{task.Value:0}/{task.MaxValue:0}");
    }

    private sealed class TransferlessRateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed:0.0} msg/s" : "-");
    }
}
