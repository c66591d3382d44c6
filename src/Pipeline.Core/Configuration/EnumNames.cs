using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Configuration;

/// <summary>The names an enum value has in configuration files: an explicit member name, else camelCase.</summary>
public static class EnumNames
{
    public static string[] For(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(NameOf).ToArray();

    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        NameOf(typeof(TEnum).GetField(value.ToString())!);

    private static string NameOf(FieldInfo field) =>
        field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(field.Name);
}
