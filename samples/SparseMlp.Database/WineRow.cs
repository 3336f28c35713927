// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Samples.Database;

/// <summary>
/// A row of the <c>wine</c> table as ML.NET's DatabaseLoader reads it: the 13 measurement columns, by name, into one
/// feature vector, the cultivar as the label and the row id (carried through the model to the predictions table).
/// </summary>
public sealed class WineRow
{
    /// <summary>The row's primary key.</summary>
    [LoadColumnName("id")]
    public int Id { get; set; }

    /// <summary>The 13 chemical measurements, in <see cref="WineDatabase.FeatureColumns"/> order.</summary>
    [LoadColumnName("alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280_od315_of_diluted_wines", "proline")]
    [VectorType(13)]
    public float[] Features { get; set; } = [];

    /// <summary>The cultivar (class_0, class_1 or class_2): the label.</summary>
    [LoadColumnName("cultivar")]
    public string Cultivar { get; set; } = "";
}
