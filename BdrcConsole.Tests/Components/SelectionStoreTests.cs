using BdrcConsole.State;

namespace BdrcConsole.Tests.Components;

public class SelectionStoreTests
{
    [Fact]
    public void PackUnpack_ThousandAccountIds_RoundTripsInOrderInAFewKilobytes()
    {
        var ids = Enumerable.Range(2, 999).Select(i => $"{8000000000000000L + i}").Reverse().ToList();

        var packed = SelectionStore.Pack(ids);

        Assert.Equal(ids, SelectionStore.Unpack(packed));
        // Read back over the circuit, whose messages are limited to 32 KB after encryption and Base64 (×1.8 or so).
        Assert.True(packed.Length < 8 * 1024, $"{packed.Length} bytes");
    }

    [Fact]
    public void Unpack_EmptySelection_GivesNoIds() => Assert.Empty(SelectionStore.Unpack(SelectionStore.Pack([])));
}
