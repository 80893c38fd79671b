extra-target:
	@echo extra
deploy-%: build
	./deploy.sh $*
