using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Market.Application.Common.Catalog;

/// <summary>
/// A <see cref="MarketDocument"/> as the byte chunks of its JSON, in order: small framing pieces around the
/// cached segments, which are handed out as they are (never copied into a second buffer, so a 2,000-app
/// <c>/market/data</c> costs no large allocation per request). Names and strings are escaped as the
/// API's serializer escapes them (<see cref="JsonEncodedText.Encode(string, System.Text.Encodings.Web.JavaScriptEncoder?)"/> with the default encoder).
/// </summary>
public static class MarketDocumentBytes
{
    private static readonly byte[] Open = Encoding.UTF8.GetBytes("{\"user_data\":{\"sources\":{");
    private static readonly byte[] TypeName = Encoding.UTF8.GetBytes(":{\"type\":");
    private static readonly byte[] InfoName = Encoding.UTF8.GetBytes(",\"app_info_latest\":");
    private static readonly byte[] StatesName = Encoding.UTF8.GetBytes(",\"app_state_latest\":");
    private static readonly byte[] OthersName = Encoding.UTF8.GetBytes(",\"others\":");
    private static readonly byte[] HashName = Encoding.UTF8.GetBytes("},\"hash\":");
    private static readonly byte[] UserName = Encoding.UTF8.GetBytes("},\"user_id\":");
    private static readonly byte[] Close = "}"u8.ToArray();
    private static readonly byte[] TimestampName = Encoding.UTF8.GetBytes(",\"timestamp\":");

    public static IReadOnlyList<ReadOnlyMemory<byte>> Chunks(MarketDocument document)
    {
        var view = document.View;
        var chunks = new List<ReadOnlyMemory<byte>>(4 + (view.Sources.Count * 8)) { Open };
        var text = new StringBuilder();
        for (var i = 0; i < view.Sources.Count; i++)
        {
            var source = view.Sources[i];
            text.Clear();
            if (i > 0)
            {
                text.Append(',');
            }

            chunks.Add(Framing(text.Append(Quoted(source.Id))));
            chunks.Add(TypeName);
            chunks.Add(Framing(text.Clear().Append(Quoted(source.Type))));
            switch (document.Kind)
            {
                case MarketDocumentKind.Data:
                    chunks.Add(InfoName);
                    chunks.Add(source.Info.Utf8);
                    break;
                case MarketDocumentKind.StateSimple when document.SimpleInfos?.TryGetValue(source.Id, out var simple) == true:
                    chunks.Add(InfoName);
                    chunks.Add(simple.Utf8);
                    break;
            }

            chunks.Add(StatesName);
            chunks.Add(source.States.Utf8);
            if (document.Kind == MarketDocumentKind.Data && source.Others is not null)
            {
                chunks.Add(OthersName);
                chunks.Add(source.Others.Utf8);
            }

            chunks.Add(Close);
        }

        chunks.Add(HashName);
        chunks.Add(Framing(text.Clear().Append(Quoted(view.Hash))));
        chunks.Add(UserName);
        chunks.Add(Framing(text.Clear().Append(Quoted(view.User))));
        chunks.Add(TimestampName);
        chunks.Add(Framing(text.Clear().Append(document.Timestamp.ToString(CultureInfo.InvariantCulture)).Append('}')));
        return chunks;
    }

    /// <summary>A JSON string literal, escaped as the default encoder escapes it.</summary>
    public static string Quoted(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";

    private static byte[] Framing(StringBuilder text) => Encoding.UTF8.GetBytes(text.ToString());
}
