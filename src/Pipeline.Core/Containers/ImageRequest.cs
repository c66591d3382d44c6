using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Containers;

/// <summary>What the Image target works from: the verified artifact, its commit, the environment's image settings, the vulnerability list.</summary>
public sealed record ImageRequest(ArtifactLayout Artifact, ImageSource Source, ImageSettings Settings, string VulnerabilityList);
