//! The wire codec of the generated stubs: prost's, except that an answer is
//! encoded into a buffer reserved at its exact size.
//!
//! Why: prost writes into tonic's growable buffer, which doubles as it fills,
//! so a 2.2 MB answer (a 1 MiB document's) sat in a 4 MiB allocation, and the
//! HTTP/2 layer keeps that allocation until a slow reader has taken every
//! byte. Eight never-read streams held 32 MiB that way, outside the admission
//! budget; reserved exactly they hold what they send.

use prost::Message;
use std::marker::PhantomData;
use tonic::codec::{BufferSettings, Codec, EncodeBuf, Encoder};
use tonic::Status;
use tonic_prost::{ProstCodec, ProstDecoder};

/// [`ProstCodec`] with exactly sized encoding; named by `build.rs` as the
/// codec of every generated server and client.
#[derive(Debug, Clone)]
pub struct ExactCodec<T, U> {
    _types: PhantomData<(T, U)>,
}

impl<T, U> Default for ExactCodec<T, U> {
    fn default() -> Self {
        ExactCodec { _types: PhantomData }
    }
}

impl<T, U> Codec for ExactCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ExactEncoder<T>;
    type Decoder = ProstDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        ExactEncoder { _type: PhantomData }
    }

    fn decoder(&mut self) -> Self::Decoder {
        ProstCodec::<T, U>::default().decoder()
    }
}

/// Encodes a message after reserving its encoded length.
#[derive(Debug, Clone)]
pub struct ExactEncoder<T> {
    _type: PhantomData<T>,
}

impl<T: Message> Encoder for ExactEncoder<T> {
    type Item = T;
    type Error = Status;

    fn encode(&mut self, item: T, buf: &mut EncodeBuf<'_>) -> Result<(), Status> {
        buf.reserve(item.encoded_len());
        item.encode(buf)
            .map_err(|e| Status::internal(format!("encoding the answer failed: {e}")))
    }

    fn buffer_settings(&self) -> BufferSettings {
        BufferSettings::default()
    }
}
