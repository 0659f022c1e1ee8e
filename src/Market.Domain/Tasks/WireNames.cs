using System.Text;

namespace Market.Domain.Tasks;

/// <summary>PascalCase enum names as the wire spells them (lower_snake).</summary>
internal static class WireNames
{
    public static string Snake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
