using System.Security.Cryptography;
using Market.Application.Common.Interfaces;
using Microsoft.AspNetCore.DataProtection;

namespace Market.Infrastructure.Tasks;

/// <summary>
/// <see cref="ISecretProtector"/> over ASP.NET Core Data Protection (authenticated encryption, keys rotated
/// by the key manager and kept in <c>data_protection_keys</c>, so every replica opens what another sealed).
/// </summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    /// <summary>The purpose isolates these payloads from any other use of the same key ring.</summary>
    public const string Purpose = "Market.TaskSecrets.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string? Unprotect(string ciphertext)
    {
        try
        {
            return _protector.Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            // The key is gone (a database restored without its key ring) or the payload was altered: treated as lost.
            return null;
        }
    }
}
