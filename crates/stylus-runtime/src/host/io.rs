//! Calldata in, result out, and the last call's return data: `read_args`, `write_result`,
//! `exit_early`, `read_return_data`, `return_data_size`.

use super::guest::{buy_ink, narrow, read, wide, write, Ctx, HostResult};
use crate::frame::Escape;
use crate::pricing::{read_price, write_price, EVM_HOSTIO_INK, HOSTIO_INK};

/// `read_args(dest)`: copies the whole calldata to `dest`.
pub(crate) fn read_args(c: &mut Ctx<'_>, dest: u32) -> HostResult<()> {
    let len = c.data().frame.msg.data.len() as u64;
    buy_ink(c, HOSTIO_INK + write_price(len))?;
    let data = c.data().frame.msg.data.clone();
    write(c, dest, &data)
}

/// `write_result(data, len)`: sets the frame's output (the last call wins).
pub(crate) fn write_result(c: &mut Ctx<'_>, data: u32, len: u32) -> HostResult<()> {
    buy_ink(c, HOSTIO_INK + 2 * read_price(wide(len)))?;
    let output = read(c, data, len)?;
    c.data_mut().frame.output = output;
    Ok(())
}

/// `exit_early(status)`: stops the frame with `status`, keeping its output.
pub(crate) fn exit_early(_c: &mut Ctx<'_>, status: u32) -> HostResult<()> {
    Err(Escape::Exit(status))
}

/// `return_data_size()`: length of the last call's result.
pub(crate) fn return_data_size(c: &mut Ctx<'_>) -> HostResult<u32> {
    buy_ink(c, HOSTIO_INK)?;
    Ok(narrow(c.data().frame.return_data.len()))
}

/// `read_return_data(dest, offset, size)`: copies the overlap of `[offset, offset + size)`
/// with the last call's result; returns the bytes written (never an error past the end).
pub(crate) fn read_return_data(
    c: &mut Ctx<'_>,
    dest: u32,
    offset: u32,
    size: u32,
) -> HostResult<u32> {
    let available = c.data().frame.return_data.len();
    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(available);
    let end = start
        .saturating_add(usize::try_from(size).unwrap_or(usize::MAX))
        .min(available);
    buy_ink(c, EVM_HOSTIO_INK + write_price((end - start) as u64))?;
    let bytes = c.data().frame.return_data[start..end].to_vec();
    write(c, dest, &bytes)?;
    Ok(narrow(bytes.len()))
}
