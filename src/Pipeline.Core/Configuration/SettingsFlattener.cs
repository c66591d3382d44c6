using System.Collections;
using System.Text.Json.Serialization.Metadata;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration;

/// <summary>One leaf of a settings tree: its JSON path, its text, and whether it refers to a secret.</summary>
public sealed record SettingEntry(string Path, string Value, SecretReference? Secret = null);

/// <summary>Walks a typed settings object, as the serializer sees it, into a flat, ordered list of leaves.</summary>
public static class SettingsFlattener
{
    public static IReadOnlyList<SettingEntry> Flatten(object settings)
    {
        var entries = new List<SettingEntry>();
        Walk(settings, settings.GetType(), string.Empty, entries);
        return entries;
    }

    private static void Walk(object? value, Type type, string path, List<SettingEntry> entries)
    {
        switch (value)
        {
            case null:
                return;
            case SecretReference secret:
                entries.Add(new SettingEntry(path, secret.ToString(), secret));
                return;
            case string text:
                entries.Add(new SettingEntry(path, $"\"{text}\""));
                return;
            case bool flag:
                entries.Add(new SettingEntry(path, flag ? "true" : "false"));
                return;
            case Enum:
                entries.Add(new SettingEntry(path, $"\"{EnumNames.For(value.GetType())[Array.IndexOf(Enum.GetValues(value.GetType()), value)]}\""));
                return;
            case int or long or double:
                entries.Add(new SettingEntry(path, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!));
                return;
        }

        var info = ConfigJson.Options.GetTypeInfo(value.GetType());
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Dictionary:
                foreach (DictionaryEntry item in (IDictionary)value)
                {
                    Walk(item.Value, info.ElementType!, Join(path, (string)item.Key), entries);
                }

                break;
            case JsonTypeInfoKind.Enumerable:
                var index = 0;
                foreach (var item in (IEnumerable)value)
                {
                    Walk(item, info.ElementType!, $"{path}[{index++}]", entries);
                }

                break;
            case JsonTypeInfoKind.Object:
                foreach (var property in info.Properties)
                {
                    Walk(property.Get?.Invoke(value), property.PropertyType, Join(path, property.Name), entries);
                }

                break;
            default:
                entries.Add(new SettingEntry(path, value.ToString() ?? string.Empty));
                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
