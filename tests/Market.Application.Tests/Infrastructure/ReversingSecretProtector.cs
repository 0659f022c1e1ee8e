using System.Text;
using Market.Application.Common.Interfaces;

namespace Market.Application.Tests.Infrastructure;

/// <summary>
/// A stand-in for Data Protection: the payload is base64 behind a marker, so a test can tell sealed from
/// plain text; <see cref="Forget"/> plays a key ring that lost its key.
/// </summary>
public sealed class ReversingSecretProtector : ISecretProtector
{
    private const string Marker = "sealed:";

    private bool _forgotten;

    public string Protect(string plaintext) => Marker + Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext));

    public string? Unprotect(string ciphertext) =>
        _forgotten || !ciphertext.StartsWith(Marker, StringComparison.Ordinal) ? null : Encoding.UTF8.GetString(Convert.FromBase64String(ciphertext[Marker.Length..]));

    public void Forget() => _forgotten = true;
}
