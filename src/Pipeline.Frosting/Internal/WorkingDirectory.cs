using Cake.Core.IO;

namespace Cake.Frosting.Internal;

/// <summary>The working directory set by <see cref="ServiceCollectionExtensions.UseWorkingDirectory"/>; --working wins.</summary>
internal sealed record WorkingDirectory(DirectoryPath Path);
