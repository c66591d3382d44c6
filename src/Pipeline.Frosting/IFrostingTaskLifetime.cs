namespace Cake.Frosting;

/// <summary>Setup and teardown around every task in one type.</summary>
public interface IFrostingTaskLifetime : IFrostingTaskSetup, IFrostingTaskTeardown;
