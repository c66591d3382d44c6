using Cake.Core.Diagnostics;
using Pipeline.Core.Aws;
using Pipeline.Core.Aws.CloudFront;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.Web;

namespace Pipeline.Build.Infrastructure;

/// <summary>The web front end component of an environment whose targets include an s3 one.</summary>
internal static class SiteComponents
{
    public static ISiteComponent? Create(BuildContext context)
    {
        var target = context.Settings.Deployment.Targets.FirstOrDefault(t => t.Kind == TargetKind.S3);
        if (target?.Site is not { } site)
        {
            return null;
        }

        var s3 = S3ClientFactory.Create(new S3Endpoint(site.Region, site.Endpoint is null ? null : new Uri(site.Endpoint), site.ForcePathStyle));
        var options = new SitePublishOptions(
            site.Bucket,
            site.Prefix,
            site.Parallelism,
            site.Attempts,
            SitePublishOptions.DefaultRetryBaseDelay,
            site.MultipartThresholdMiB * 1024L * 1024L,
            site.CacheControl.Select(r => new CacheRule(r.Match, r.Value)).ToList(),
            site.ContentTypes);
        var publisher = new SitePublisher(s3, options, SiteProgressDisplay.For(context.Log));
        var location = $"s3://{site.Bucket}/{site.Prefix}" + (site.Endpoint is null ? string.Empty : $" at {site.Endpoint}");
        CloudFrontInvalidator? invalidator = null;
        if (site.CloudFront is { } cloudFront)
        {
            var client = new CloudFrontClient(endpoint: cloudFront.Endpoint is null ? null : new Uri(cloudFront.Endpoint));
            invalidator = new CloudFrontInvalidator(client, new InvalidationOptions
            {
                CollapseAbove = cloudFront.WildcardAbove,
                WaitForCompletion = cloudFront.Wait,
                WaitTimeout = TimeSpan.FromSeconds(cloudFront.TimeoutSeconds),
                BusyRetryFor = TimeSpan.FromSeconds(cloudFront.TimeoutSeconds),
            });
        }

        return new S3SiteComponent(publisher, location, site.Source, invalidator, site.CloudFront?.DistributionId, line => context.Log.Information(line));
    }
}
