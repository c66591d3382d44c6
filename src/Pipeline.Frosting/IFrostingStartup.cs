using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting;

/// <summary>Configures the host's services in one place; used with <see cref="CakeHostExtensions.UseStartup{TStartup}"/>.</summary>
public interface IFrostingStartup
{
    /// <summary>Registers services, tools, modules and lifetimes.</summary>
    void Configure(IServiceCollection services);
}
