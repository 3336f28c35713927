// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Text;

[TestClass]
public sealed class EmailTextExtractorTests
{
    [TestMethod]
    public void DecodesMultipartBase64HtmlAndEncodedSubject()
    {
        string html = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("<html><body><p>Buy <b>now</b> &amp; save</p><script>x()</script></body></html>"));
        string message =
            "From: a@b\nSubject: =?utf-8?B?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("Grüße")) + "?=\n" +
            "Content-Type: multipart/alternative;\n\tboundary=\"XYZ\"\n\n" +
            "preamble\n--XYZ\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nplain =3D text=\n joined\n" +
            "--XYZ\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\n" + html + "\n" +
            "--XYZ\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlh\n--XYZ--\nepilogue\n";
        string text = EmailTextExtractor.Extract(message, EmailCleanup.Full);
        Assert.AreEqual("Grüße plain = text joined Buy now & save", text);
    }

    [TestMethod]
    public void InvalidUtf8FallsBackToLatin1()
    {
        Assert.AreEqual("£5", EmailTextExtractor.DecodeBytes(new byte[] { 0xA3, (byte)'5' }));
        Assert.AreEqual("£5", EmailTextExtractor.DecodeBytes(new byte[] { 0xC2, 0xA3, (byte)'5' }));
    }
}
