using System.Net;

namespace Pipeline.Core.Hosting;

/// <summary>The last answer of a health endpoint.</summary>
public sealed record HealthResult(bool Healthy, int Attempts, HttpStatusCode? Status, string Detail);

/// <summary>
/// Polls a health endpoint until it answers 200, the retries run out, or the deadline passes. While nothing
/// listens yet (the app is starting) it polls every 100 ms without spending a retry, so a healthy start is
/// seen at once; answers that are not healthy count as retries, spaced by the interval.
/// </summary>
public sealed class HealthProbe(HttpClient http)
{
    private static readonly TimeSpan StartingPoll = TimeSpan.FromMilliseconds(100);

    public async Task<HealthResult> WaitAsync(Uri url, int retries, TimeSpan interval, TimeSpan deadline, Func<bool>? givenUp = null, CancellationToken cancellationToken = default)
    {
        var stopAt = DateTimeOffset.UtcNow + deadline;
        HttpStatusCode? status = null;
        var detail = "no answer yet";
        var attempt = 0;
        while (attempt < retries)
        {
            attempt++;
            if (givenUp?.Invoke() == true)
            {
                return new HealthResult(false, attempt - 1, status, $"the process exited; last answer: {detail}");
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await http.GetAsync(url, timeout.Token).ConfigureAwait(false);
                status = response.StatusCode;
                detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new HealthResult(true, attempt, status, detail);
                }
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError && DateTimeOffset.UtcNow + StartingPoll < stopAt)
            {
                detail = ex.Message;
                attempt--;
                await Task.Delay(StartingPoll, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException ex)
            {
                detail = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                detail = "timed out after 5 s";
            }

            if (DateTimeOffset.UtcNow + interval > stopAt)
            {
                return new HealthResult(false, attempt, status, $"deadline of {deadline.TotalSeconds:F0} s passed; last answer: {detail}");
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }

        return new HealthResult(false, retries, status, $"{retries} attempts failed; last answer: {detail}");
    }
}
