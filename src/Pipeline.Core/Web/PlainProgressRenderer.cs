namespace Pipeline.Core.Web;

/// <summary>
/// Site progress as plain lines for CI logs: the plan of each phase, a line each time another tenth of it is done
/// (by bytes when it moves bytes, by files otherwise), and a summary when it finishes. Pass <see cref="Report"/> as
/// the publisher's progress callback.
/// </summary>
public sealed class PlainProgressRenderer(TextWriter output)
{
    private SitePhase phase;
    private int files;
    private long bytes;
    private int filesDone;
    private long bytesDone;
    private int tenthsShown;
    private int retries;

    public void Report(SiteProgress progress)
    {
        switch (progress)
        {
            case SitePhasePlanned planned:
                (phase, files, bytes, filesDone, bytesDone, tenthsShown, retries) = (planned.Phase, planned.Files, planned.Bytes, 0, 0, 0, 0);
                output.WriteLine(planned.Files == 0 ? $"{Name(planned.Phase)}: nothing to do" : $"{Name(planned.Phase)}: {planned.Files} files, {Size(planned.Bytes)}");
                break;
            case SiteFileDone done when done.Phase == phase:
                filesDone++;
                bytesDone += done.Bytes;
                var tenths = bytes > 0 ? (int)(bytesDone * 10 / bytes) : files > 0 ? filesDone * 10 / files : 10;
                if (tenths > tenthsShown && tenths < 10)
                {
                    tenthsShown = tenths;
                    var retried = retries > 0 ? $", {retries} retries" : "";
                    output.WriteLine($"{Name(phase)}: {tenths * 10}% ({filesDone}/{files} files, {Size(bytesDone)}{retried})");
                }

                break;
            case SiteRequestRetried:
                retries++;
                break;
            case SitePhaseFinished finished when finished.Files > 0:
                var retriedInPhase = finished.Retries > 0 ? $", {finished.Retries} retries" : "";
                output.WriteLine($"{Name(finished.Phase)}: done, {finished.Files} files, {Size(finished.Bytes)} in {finished.Elapsed.TotalSeconds:0.0} s{retriedInPhase}");
                break;
        }
    }

    private static string Name(SitePhase phase) => phase switch
    {
        SitePhase.Upload => "upload",
        SitePhase.Copy => "copy to live",
        _ => "delete from live",
    };

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };
}
