using System.Text.Json.Nodes;

namespace Market.Application.Common.Interfaces;

/// <summary>
/// Decodes one YAML document into JSON the way the Go tools do (YAML → JSON): plain scalars become
/// numbers, booleans or null where they look like one; quoted scalars stay strings. Bounded in size,
/// depth and alias expansion; a bad document is a <c>BadRequestException</c> that names the file.
/// </summary>
public interface IYamlDocumentReader
{
    /// <summary>The first document of <paramref name="text"/>, or null when it is empty.</summary>
    JsonNode? Read(string text, string fileName);
}
