namespace Cake.Frosting.Internal;

/// <summary>A Cake setting given in code with <see cref="ServiceCollectionExtensions.UseCakeSetting"/>.</summary>
internal sealed record FrostingConfigurationValue(string Key, string Value);
