"""The Harmonize service: store, crosswalk access and gRPC servicers over the imported lists."""
