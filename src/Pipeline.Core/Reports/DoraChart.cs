using System.Globalization;
using System.Text;

namespace Pipeline.Core.Reports;

/// <summary>Deploys per day as an inline SVG bar chart: green for those that stayed live, red stacked on top for the failed.</summary>
public static class DoraChart
{
    private const int Width = 640;
    private const int Height = 220;
    private const int Left = 40;
    private const int Bottom = 30;
    private const int Top = 20;

    public static string Svg(IReadOnlyList<DoraDay> days)
    {
        var svg = new StringBuilder();
        Append(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"dora-chart-title\">");
        Append(svg, $"<title id=\"dora-chart-title\">Deploys per day: {days.Sum(d => d.Succeeded)} stayed live, {days.Sum(d => d.Failed)} failed or undone</title>");
        var plotHeight = Height - Top - Bottom;
        Append(svg, $"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - 10}\" y2=\"{Top + plotHeight}\" stroke=\"#57606a\"/>");
        if (days.Count == 0)
        {
            Append(svg, $"<text x=\"{Left + 10}\" y=\"{Top + (plotHeight / 2)}\" font-size=\"12\">no deploys recorded</text></svg>");
            return svg.ToString();
        }

        var most = Math.Max(1, days.Max(d => d.Succeeded + d.Failed));
        Append(svg, $"<text x=\"{Left - 6}\" y=\"{Top + 4}\" font-size=\"11\" text-anchor=\"end\">{most}</text>");
        Append(svg, $"<text x=\"{Left - 6}\" y=\"{Top + plotHeight}\" font-size=\"11\" text-anchor=\"end\">0</text>");
        var slot = (double)(Width - Left - 10) / days.Count;
        var bar = Math.Max(1.0, slot * 0.7);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var x = Left + (i * slot) + ((slot - bar) / 2);
            var good = plotHeight * day.Succeeded / (double)most;
            var bad = plotHeight * day.Failed / (double)most;
            var label = $"{day.Day:yyyy-MM-dd}: {day.Succeeded} live, {day.Failed} failed";
            Append(svg, $"<rect x=\"{N(x)}\" y=\"{N(Top + plotHeight - good)}\" width=\"{N(bar)}\" height=\"{N(good)}\" fill=\"#2da44e\"><title>{label}</title></rect>");
            Append(svg, $"<rect x=\"{N(x)}\" y=\"{N(Top + plotHeight - good - bad)}\" width=\"{N(bar)}\" height=\"{N(bad)}\" fill=\"#cf222e\"><title>{label}</title></rect>");
        }

        Append(svg, $"<text x=\"{Left}\" y=\"{Height - 10}\" font-size=\"11\">{days[0].Day:yyyy-MM-dd}</text>");
        Append(svg, $"<text x=\"{Width - 10}\" y=\"{Height - 10}\" font-size=\"11\" text-anchor=\"end\">{days[^1].Day:yyyy-MM-dd}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder svg, FormattableString text) => svg.Append(FormattableString.Invariant(text));
}
