using Cake.Core;

namespace Cake.Frosting;

/// <summary>The context every task receives.</summary>
public interface IFrostingContext : ICakeContext;
