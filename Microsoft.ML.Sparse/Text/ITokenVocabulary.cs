// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Text;

/// <summary>
/// What a language model needs of its tokens: text to ids with &lt;s&gt; / &lt;/s&gt; and a length limit, ids back to text,
/// and the ids of padding and the two sequence marks. Implemented by the vocabulary learnt from the training texts
/// (<see cref="SubwordVocabulary"/>) and by a tokenizer the user passes (<see cref="PretrainedTokenVocabulary"/>).
/// </summary>
internal interface ITokenVocabulary
{
    /// <summary>Number of ids (special tokens included); the network's embedding and head have this many rows.</summary>
    int Size { get; }

    /// <summary>Id of the padding token.</summary>
    int PadId { get; }

    /// <summary>Id of &lt;s&gt;.</summary>
    int BeginId { get; }

    /// <summary>Id of &lt;/s&gt;.</summary>
    int EndId { get; }

    /// <summary>
    /// Encodes <paramref name="text"/>. With <paramref name="maxLength"/>, the text ids are cut so that the result,
    /// including &lt;s&gt; / &lt;/s&gt; when requested, has at most that many ids (&lt;/s&gt; is kept after a cut).
    /// </summary>
    int[] Encode(string text, int maxLength = int.MaxValue, bool addBegin = false, bool addEnd = false);

    /// <summary>Decodes ids to text: stops at the first &lt;/s&gt; and leaves the other special tokens out.</summary>
    string Decode(IEnumerable<int> ids);
}
