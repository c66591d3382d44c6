namespace Cake.Frosting;

/// <summary>Setup and teardown of a run in one type.</summary>
public interface IFrostingLifetime : IFrostingSetup, IFrostingTeardown;
