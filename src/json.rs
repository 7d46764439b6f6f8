//! Proto messages as JSON with the proto's canonical JSON mapping (the same
//! field names and enum names grpcurl prints), from the embedded descriptors.

use crate::proto::FILE_DESCRIPTOR_SET;
use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage};

/// `message` (of proto type `full_name`) as pretty JSON.
pub fn to_json<M: Message>(message: &M, full_name: &str) -> anyhow::Result<String> {
    let pool = DescriptorPool::decode(FILE_DESCRIPTOR_SET)?;
    let descriptor = pool
        .get_message_by_name(full_name)
        .ok_or_else(|| anyhow::anyhow!("no message {full_name} in the descriptors"))?;
    let dynamic = DynamicMessage::decode(descriptor, message.encode_to_vec().as_slice())?;
    Ok(serde_json::to_string_pretty(&dynamic)?)
}
