namespace Purse.Testing.State;

/// <summary>
/// One stored resource (a DTO) and the lock that guards it: every change happens under the
/// lock on a copy and replaces the value only when the whole operation succeeded.
/// </summary>
internal sealed class Record<T>
    where T : class
{
    private readonly Lock _gate = new();
    private T _value;

    public Record(T value) => _value = value;

    /// <summary>A copy of the current value.</summary>
    public T Read()
    {
        lock (_gate)
        {
            return Snapshot.Copy(_value);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a working copy; if it throws, the stored value is
    /// untouched. Returns a copy of the new value.
    /// </summary>
    public T Update(Action<T> change)
    {
        lock (_gate)
        {
            var working = Snapshot.Copy(_value);
            change(working);
            _value = working;
            return Snapshot.Copy(working);
        }
    }
}
