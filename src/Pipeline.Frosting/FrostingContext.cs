using Cake.Core;

namespace Cake.Frosting;

/// <summary>The base of a typed build context: a Cake context that tasks can extend with typed state.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context), IFrostingContext;
