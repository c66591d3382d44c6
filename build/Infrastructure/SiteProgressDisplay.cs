using Cake.Core.Diagnostics;
using Pipeline.Core.Web;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// Transfer progress: a bar redrawn in place when a person watches a terminal, plain lines (about one per tenth)
/// in CI and when the output is redirected.
/// </summary>
internal static class SiteProgressDisplay
{
    public static Action<SiteProgress> For(ICakeLog log)
    {
        var interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
        if (interactive)
        {
            return new TerminalBar(Console.Error).Report;
        }

        var lines = new PlainProgressRenderer(new LogWriter(log));
        return lines.Report;
    }

    private sealed class TerminalBar(TextWriter terminal)
    {
        private const int Width = 30;
        private int files;
        private long bytes;
        private int filesDone;
        private long bytesDone;
        private string phase = string.Empty;

        public void Report(SiteProgress progress)
        {
            switch (progress)
            {
                case SitePhasePlanned planned:
                    (phase, files, bytes, filesDone, bytesDone) = (planned.Phase.ToString().ToLowerInvariant(), planned.Files, planned.Bytes, 0, 0);
                    break;
                case SiteFileDone done:
                    filesDone++;
                    bytesDone += done.Bytes;
                    Draw();
                    break;
                case SitePhaseFinished finished when finished.Files > 0:
                    Draw();
                    terminal.WriteLine($"  {finished.Retries} retries, {finished.Elapsed.TotalSeconds:0.0} s");
                    break;
            }
        }

        private void Draw()
        {
            var fraction = bytes > 0 ? (double)bytesDone / bytes : files > 0 ? (double)filesDone / files : 1;
            var filled = (int)Math.Round(fraction * Width);
            terminal.Write($"\r{phase,-7} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {filesDone}/{files} files {bytesDone / 1048576.0:0.0} MiB");
        }
    }

    private sealed class LogWriter(ICakeLog log) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value) => log.Information(value ?? string.Empty);
    }
}
