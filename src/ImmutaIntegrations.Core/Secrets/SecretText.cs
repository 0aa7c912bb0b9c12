using System;
using System.Runtime.InteropServices;
using System.Security;

namespace ImmutaIntegrations.Core.Secrets;

/// <summary>Conversions between secrets and the plain text that must go on the wire.</summary>
public static class SecretText
{
    /// <summary>The plain text of a SecureString, for the moment it is put in a request.</summary>
    public static string Reveal(SecureString secret)
    {
        if (secret is null) throw new ArgumentNullException(nameof(secret));
        IntPtr pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
            // With the length: a secret may hold a NUL character, where a plain read would stop.
            return Marshal.PtrToStringUni(pointer, secret.Length);
        }
        finally
        {
            if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    /// <summary>A read-only SecureString holding the text.</summary>
    public static SecureString Protect(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var secret = new SecureString();
        foreach (char c in text) secret.AppendChar(c);
        secret.MakeReadOnly();
        return secret;
    }
}
