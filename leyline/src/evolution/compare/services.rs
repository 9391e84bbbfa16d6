//! The rules on services and their methods.

use super::*;

impl Cx<'_, '_> {
    pub(super) fn services(&mut self) {
        let (old_schema, new_schema) = (self.old, self.new);
        for (name, old) in &old_schema.services {
            let Some(new) = new_schema.services.get(name) else {
                continue;
            };
            let at = At {
                subject: Subject::Service,
                name,
                file: new.file,
            };
            for old_method in &old.proto.method {
                let Some(new_method) = new
                    .proto
                    .method
                    .iter()
                    .find(|m| m.name() == old_method.name())
                else {
                    continue;
                };
                let member = || Member::Rpc {
                    name: old_method.name().to_owned(),
                };
                let strip = |t: &str| t.strip_prefix('.').unwrap_or(t).to_owned();
                let pairs = [
                    (
                        Rule::RpcSameRequestType,
                        "request type",
                        strip(old_method.input_type()),
                        strip(new_method.input_type()),
                    ),
                    (
                        Rule::RpcSameResponseType,
                        "response type",
                        strip(old_method.output_type()),
                        strip(new_method.output_type()),
                    ),
                    (
                        Rule::RpcSameClientStreaming,
                        "request streaming",
                        streaming(old_method.client_streaming()),
                        streaming(new_method.client_streaming()),
                    ),
                    (
                        Rule::RpcSameServerStreaming,
                        "response streaming",
                        streaming(old_method.server_streaming()),
                        streaming(new_method.server_streaming()),
                    ),
                    (
                        Rule::RpcSameIdempotencyLevel,
                        "idempotency_level",
                        idempotency(old_method),
                        idempotency(new_method),
                    ),
                ];
                for (rule, what, was, now) in pairs {
                    if was != now {
                        self.report(
                            rule,
                            at,
                            Finding::new(format!("{what} changed from {was} to {now}"))
                                .member(member())
                                .values(was, now),
                        );
                    }
                }
            }
        }
    }
}
